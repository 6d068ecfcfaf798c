// A bare Socket.IO server for the fan-out comparison: the same `socket.io` package the app
// uses, on node:http, no authentication, the default in-memory adapter. `POST /emit` with a
// JSON envelope `{ id, type, at, data }` broadcasts it to every socket as event `type`
// (io.emit) and answers 201 once the emit call returned. Prints `BARE_READY <port>` when
// listening. Exits on SIGTERM/SIGINT, or when its stdin closes (the bench went away).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { Server } from 'socket.io';

const require = createRequire(import.meta.url);
const { version } = require('socket.io/package.json');
const MAX_BODY = 64 * 1024;

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/emit') {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      let envelope;
      try {
        if (size > MAX_BODY) throw new Error('too large');
        envelope = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      io.emit(typeof envelope?.type === 'string' ? envelope.type : 'message', envelope);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sockets: io.engine.clientsCount }));
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', sockets: io.engine.clientsCount }));
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(server, { serveClient: false, transports: ['websocket', 'polling'] });

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  io.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`BARE_READY ${server.address().port} socket.io@${version}`);
});
