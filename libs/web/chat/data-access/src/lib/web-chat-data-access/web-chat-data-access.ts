import { Component } from '@angular/core';

@Component({
  selector: 'chat-web-chat-data-access',
  imports: [],
  templateUrl: './web-chat-data-access.html',
  styleUrl: './web-chat-data-access.css',
})
export class WebChatDataAccess {}
