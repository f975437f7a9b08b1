import { ComponentFixture, TestBed } from '@angular/core/testing';
import { WebAuthFeatureAuth } from './web-auth-feature-auth';

describe('WebAuthFeatureAuth', () => {
  let component: WebAuthFeatureAuth;
  let fixture: ComponentFixture<WebAuthFeatureAuth>;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [WebAuthFeatureAuth],
    }).compileComponents();

    fixture = TestBed.createComponent(WebAuthFeatureAuth);
    component = fixture.componentInstance;
    await fixture.whenStable();
  });

  it('should create', () => {
    expect(component).toBeTruthy();
  });
});
