export type DependencyState = 'up' | 'down';

/**
 * `GET /api/health`: 200 while the database is up, 503 when it is not (same body shape). Redis is reported but does
 * not fail the check: without it an instance still serves its own sockets, so a load balancer should keep it.
 */
export interface HealthStatus {
  status: 'ok' | 'error';
  db: DependencyState;
  /** Present only when Redis is configured (`REDIS_URL`). */
  redis?: DependencyState;
}
