import { AddressInfo, connect, createServer, Socket } from 'node:net';

/** A TCP load balancer in front of the instances (WebSocket passes through as bytes). */
export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/**
 * Sends each new connection to the first backend that accepts it, in order: all traffic goes to the first instance
 * while it lives and fails over to the next when it dies, as a load balancer's health checks would arrange.
 */
export async function startBalancer(backendPorts: number[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.pause();
    const drop = () => {
      client.destroy();
      open.delete(client);
    };
    client.on('error', drop).on('close', drop);
    const attempt = (index: number) => {
      if (index >= backendPorts.length || client.destroyed) return drop();
      const upstream = connect(backendPorts[index], '127.0.0.1');
      const refused = () => {
        upstream.destroy();
        attempt(index + 1);
      };
      upstream.once('error', refused);
      upstream.once('connect', () => {
        open.add(upstream);
        upstream.off('error', refused);
        const end = () => {
          upstream.destroy();
          open.delete(upstream);
          drop();
        };
        upstream.on('error', end).on('close', end);
        client.on('close', end);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
    };
    attempt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      for (const socket of open) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
