import { Component } from '@angular/core';

@Component({
  selector: 'chat-web-chat-feature-chat',
  imports: [],
  templateUrl: './web-chat-feature-chat.html',
  styleUrl: './web-chat-feature-chat.css',
})
export class WebChatFeatureChat {}
