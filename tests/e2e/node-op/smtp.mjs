// A real SMTP server on loopback for Doorman's mail tests (nodemailer's smtp-server), with the messages it
// received readable over HTTP: GET /messages answers [{to, from, subject, text}], DELETE /messages empties it.
// SMTP_USER/SMTP_PASS, when set, make authentication required. Prints "listening <smtpPort> <httpPort>".
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const messages = [];
const user = process.env.SMTP_USER;
const pass = process.env.SMTP_PASS;

const smtp = new SMTPServer({
  secure: false,
  disabledCommands: user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
  allowInsecureAuth: true,
  authOptional: !user,
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === user && auth.password === pass) return callback(null, { user });
    return callback(new Error('Invalid username or password'));
  },
  onData(stream, session, callback) {
    simpleParser(stream).then((mail) => {
      messages.push({
        from: mail.from?.text ?? '',
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
        authenticatedAs: session.user ?? null,
      });
      callback();
    }, callback);
  },
});

const api = http.createServer((req, res) => {
  if (req.url === '/messages' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(messages));
  } else if (req.url === '/messages' && req.method === 'DELETE') {
    messages.length = 0;
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end();
  }
});

smtp.listen(0, '127.0.0.1', () => {
  api.listen(0, '127.0.0.1', () => {
    console.log(`listening ${smtp.server.address().port} ${api.address().port}`);
  });
});
