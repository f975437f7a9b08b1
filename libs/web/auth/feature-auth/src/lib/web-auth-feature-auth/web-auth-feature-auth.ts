import { Component } from '@angular/core';

@Component({
  selector: 'chat-web-auth-feature-auth',
  imports: [],
  templateUrl: './web-auth-feature-auth.html',
  styleUrl: './web-auth-feature-auth.css',
})
export class WebAuthFeatureAuth {}
