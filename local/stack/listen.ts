import { createServer, type Server } from 'node:net';

/** A loopback port another process holds; the message names the port and how to pick another. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    what: string,
    hint: string,
  ) {
    super(`Port ${port} (${what}) is already in use on 127.0.0.1. ${hint}`);
  }
}

/** Starts `server` on 127.0.0.1:port (0 picks a free one) and resolves with the port it got. */
export function listen(
  server: Server,
  port: number,
  what: string,
  hint = 'Stop what listens there.',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, what, hint) : error);
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Fails fast, before slower parts start, when a fixed port is taken. */
export async function assertPortFree(port: number, what: string, hint?: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(port, what, hint ?? 'Stop what listens there.')
          : error,
      );
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
