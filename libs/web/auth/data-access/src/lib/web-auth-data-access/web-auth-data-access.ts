import { Component } from '@angular/core';

@Component({
  selector: 'chat-web-auth-data-access',
  imports: [],
  templateUrl: './web-auth-data-access.html',
  styleUrl: './web-auth-data-access.css',
})
export class WebAuthDataAccess {}
