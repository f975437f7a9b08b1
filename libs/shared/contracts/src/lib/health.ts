export type DependencyState = 'up' | 'down';

/** `GET /api/health`: 200 when every dependency is up, 503 otherwise (same body shape). */
export interface HealthStatus {
  status: 'ok' | 'error';
  db: DependencyState;
  /** Present only when Redis is configured. */
  redis?: DependencyState;
}
