import { ComponentFixture, TestBed } from '@angular/core/testing';
import { WebChatDataAccess } from './web-chat-data-access';

describe('WebChatDataAccess', () => {
  let component: WebChatDataAccess;
  let fixture: ComponentFixture<WebChatDataAccess>;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [WebChatDataAccess],
    }).compileComponents();

    fixture = TestBed.createComponent(WebChatDataAccess);
    component = fixture.componentInstance;
    await fixture.whenStable();
  });

  it('should create', () => {
    expect(component).toBeTruthy();
  });
});
