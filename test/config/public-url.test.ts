import { loadConfig } from '../../src/config';

describe('the public address used in links', () => {
  test.each([
    ['neither PUBLIC_URL nor PORT is set', 'http://localhost:3000', {}],
    ['only PORT is set', 'http://localhost:8080', { PORT: '8080' }],
    ['PORT is set to an empty value', 'http://localhost:3000', { PORT: '' }],
    ['PUBLIC_URL is set', 'https://pathways.example.org', { PORT: '8080', PUBLIC_URL: 'https://pathways.example.org' }],
    ['PUBLIC_URL ends with a slash', 'https://pathways.example.org', { PUBLIC_URL: 'https://pathways.example.org/' }],
    ['PUBLIC_URL is empty', 'http://localhost:4100', { PORT: '4100', PUBLIC_URL: '' }],
  ])('when %s, then links start %s', (_when: string, expected: string, environment: Record<string, string>) => {
    const config = loadConfig({ NODE_ENV: 'test', ...environment });
    expect(config.publicUrl).toBe(expected);
  });

  test('when PUBLIC_URL is not an address, then the server refuses to start and names it', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'pathways' })).toThrow(/PUBLIC_URL/);
  });
});
