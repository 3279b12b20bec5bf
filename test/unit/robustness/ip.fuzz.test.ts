import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addressScope,
  cidrContains,
  editDistance,
  editDistanceWithin,
  isPublicCidr,
  looksLikeIPv4,
  nearest,
  parseCidr,
  parseIp,
  parseIPv4,
  parseIPv6,
  sameIp,
  splitHostPort,
} from '../../../src/core/ip';
import { ipLiteralAt, ipLiterals } from '../../../src/core/navigation';
import { params } from './fuzz';

// The IP and CIDR logic every address rule stands on: total on any string, canonical text that
// parses back to itself, and CIDR containment that agrees with a bitwise reference.

const ADDRESS_CHARS = ['0', '1', '2', '5', '9', '.', ':', '/', 'a', 'f', 'F', 'x', '[', ']', '%', ' ', '::', '255', '256', '00', '-'];
const addressLike = fc.oneof(
  fc.array(fc.constantFrom(...ADDRESS_CHARS), { maxLength: 24 }).map((a) => a.join('')),
  fc.string({ maxLength: 40, unit: 'binary' }),
);

test('ip: every function is total on any string', () => {
  fc.assert(
    fc.property(addressLike, addressLike, (s, t) => {
      const ip = parseIp(s);
      if (ip) {
        addressScope(ip);
        assert.ok(sameIp(ip, ip));
      }
      const c = parseCidr(s);
      if (c) {
        isPublicCidr(c);
        if (ip) cidrContains(c, ip);
      }
      looksLikeIPv4(s);
      parseIPv4(s);
      parseIPv6(s);
      const hp = splitHostPort(s);
      assert.ok(hp.hostStart >= 0 && hp.hostStart + hp.host.length <= s.length, JSON.stringify({ s, hp }));
      assert.equal(s.slice(hp.hostStart, hp.hostStart + hp.host.length), hp.host);
      if (hp.port !== undefined) assert.ok(Number.isInteger(hp.port) && hp.port >= 0);
      nearest(s, [t, s, `${t}${s}`]);
    }),
    params(),
  );
});

test('ip: canonical text parses back to the same address; IPv4 bytes round-trip', () => {
  fc.assert(
    fc.property(fc.array(fc.nat(255), { minLength: 4, maxLength: 4 }), (bytes) => {
      const ip = parseIPv4(bytes.join('.'));
      assert.ok(ip);
      assert.deepEqual(ip.bytes, bytes);
      assert.equal(parseIp(ip.text)?.text, ip.text);
    }),
    params(),
  );
  fc.assert(
    fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), fc.boolean(), (groups, upper) => {
      let text = groups.map((g) => g.toString(16)).join(':');
      if (upper) text = text.toUpperCase();
      const ip = parseIPv6(text);
      assert.ok(ip, text);
      assert.deepEqual(ip.bytes, groups.flatMap((g) => [g >> 8, g & 0xff]));
      const again = parseIp(ip.text);
      assert.ok(again && sameIp(again, ip), `${text} -> ${ip.text}`);
      assert.equal(again.text, ip.text);
    }),
    params(),
  );
});

test('cidr: containment agrees with comparing the leading bits', () => {
  const v4 = fc.array(fc.nat(255), { minLength: 4, maxLength: 4 });
  fc.assert(
    fc.property(v4, v4, fc.nat(32), (net, addr, prefix) => {
      const c = parseCidr(`${net.join('.')}/${prefix}`);
      const ip = parseIPv4(addr.join('.'));
      assert.ok(c && ip);
      const bits = (b: number[]) => b.map((x) => x.toString(2).padStart(8, '0')).join('');
      assert.equal(cidrContains(c, ip), bits(net).slice(0, prefix) === bits(addr).slice(0, prefix));
      assert.ok(cidrContains(c, c.address));
    }),
    params(),
  );
});

test('edit distance: the bounded form agrees with the full one, and nearest with a brute-force search', () => {
  const word = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'c', '.', '1', '2') });
  fc.assert(
    fc.property(word, word, fc.nat(4), fc.array(word, { maxLength: 6 }), (a, b, max, candidates) => {
      const d = editDistance(a, b);
      assert.equal(d, editDistance(b, a));
      assert.equal(editDistanceWithin(a, b, max), Math.min(d, max + 1));
      let best: string | undefined;
      let bestD = 3;
      for (const c of candidates) {
        if (c === a) continue;
        const x = editDistance(a, c);
        if (x < bestD) {
          best = c;
          bestD = x;
        }
      }
      assert.equal(nearest(a, candidates, 2), best);
    }),
    params(),
  );
});

test('ipLiterals: on any text, each literal is a valid address standing alone, found again when the cursor is on it', () => {
  const word = /[0-9A-Za-z_]/;
  fc.assert(
    fc.property(fc.array(fc.oneof(addressLike, fc.constantFrom(' ', '\n', ':', '.', 'x', '10.0.0.1', '[::1]', 'fe80::2')), { maxLength: 12 }), (parts) => {
      const text = parts.join('');
      let last = -1;
      for (const l of ipLiterals(text)) {
        assert.ok(l.start > last && l.start < l.end && l.end <= text.length, `offsets ${l.start}-${l.end} in ${JSON.stringify(text)}`);
        last = l.end;
        assert.equal(parseIp(text.slice(l.start, l.end))?.text, l.ip.text);
        assert.ok(l.start === 0 || !word.test(text[l.start - 1]), `starts inside a word: ${JSON.stringify(text)}`);
        assert.ok(l.end === text.length || !word.test(text[l.end]), `ends inside a word: ${JSON.stringify(text)}`);
        assert.equal(ipLiteralAt(text, l.start)?.start, l.start);
      }
    }),
    params(),
  );
});
