import { describe, expect, it } from 'vitest';
import { ipInBlock, parseIpBlock } from './ip';

function inBlock(address: string, block: string): boolean {
  const a = parseIpBlock(address);
  const b = parseIpBlock(block);
  if (!a || !b) throw new Error('bad test input');
  return ipInBlock(a, b);
}

describe('IP blocks', () => {
  it.each([
    ['192.0.2.7', '192.0.2.0/24', true],
    ['192.0.3.7', '192.0.2.0/24', false],
    ['203.0.113.2', '203.0.113.2', true],
    ['10.1.2.3', '0.0.0.0/0', true],
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.0/120', true],
    ['192.0.2.7', '2001:db8::/32', false],
  ])('%s in %s: %s', (address, block, expected) => {
    expect(inBlock(address, block)).toBe(expected);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '01.2.3.4',
    '192.0.2.0/33',
    '2001:db8::/129',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'example.com',
    '',
    '192.0.2.0/',
  ])('rejects %j', (text) => {
    expect(parseIpBlock(text)).toBeUndefined();
  });

  it('clears host bits below the prefix', () => {
    expect(parseIpBlock('192.0.2.7/24')).toEqual({ version: 4, network: 0xc0000200n, prefix: 24 });
  });
});
