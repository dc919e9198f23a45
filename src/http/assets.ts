import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * Static files are named in pages with their content hash (`/static/app.css?v=1a2b…`), so
 * browsers may keep them for a year and still get a new file the moment it changes.
 */
export function assetUrls(publicDir: string): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let url = cache.get(file);
    if (!url) {
      const hash = createHash('sha256').update(fs.readFileSync(path.join(publicDir, file))).digest('hex').slice(0, 12);
      url = `/static/${file}?v=${hash}`;
      cache.set(file, url);
    }
    return url;
  };
}

export function staticFiles(publicDir: string): RequestHandler {
  return express.static(publicDir, { immutable: true, maxAge: '365d', index: false });
}
