import { ComponentFixture, TestBed } from '@angular/core/testing';
import { WebChatFeatureChat } from './web-chat-feature-chat';

describe('WebChatFeatureChat', () => {
  let component: WebChatFeatureChat;
  let fixture: ComponentFixture<WebChatFeatureChat>;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [WebChatFeatureChat],
    }).compileComponents();

    fixture = TestBed.createComponent(WebChatFeatureChat);
    component = fixture.componentInstance;
    await fixture.whenStable();
  });

  it('should create', () => {
    expect(component).toBeTruthy();
  });
});
