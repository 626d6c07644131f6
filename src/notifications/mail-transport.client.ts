import { connect, Socket } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';

/** How long a TCP connect to the SMTP server may take before the attempt fails. */
const CONNECT_TIMEOUT_MS = 30_000;

/** nodemailer's documented hook for the sockets it opens (`transporter.getSocket`), which its types leave out. */
type SocketHook = (options: { host?: string; port?: number; secure?: boolean }, callback: (error: Error | null, socket: { connection: Socket } | false) => void) => void;

/**
 * The SMTP transport: pooled sessions kept open and reused (unless SMTP_URL says otherwise),
 * because a breach at shared infrastructure mails thousands of controllers and a new session
 * per message costs more than the message; and sockets without Nagle's algorithm, because
 * SMTP is one short command and answer after another, and with it each message's closing
 * "." waited for the server's delayed ACK, about 40 ms per message on every connection.
 * nodemailer upgrades the connected socket itself for implicit TLS and STARTTLS.
 */
export function createMailTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '8');
  const transport: Transporter & { getSocket?: SocketHook } = createTransport(url.toString());
  // A proxy in SMTP_URL brings nodemailer's own.
  transport.getSocket ??= (options, callback) => {
    const socket = connect({ host: options.host, port: options.port ?? (options.secure ? 465 : 587), noDelay: true });
    const failed = (error: Error) => callback(error, false);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`SMTP connect timed out after ${CONNECT_TIMEOUT_MS} ms`)));
    socket.once('error', failed).once('connect', () => {
      socket.off('error', failed).setTimeout(0);
      callback(null, { connection: socket });
    });
  };
  return transport;
}
