/* vconf-qr.js: a small QR code encoder (ISO/IEC 18004), byte mode, for sharing an agenda link.
 *
 * vconf.qr.encode(text, {ecl, version, mask}) -> {version, ecl, mask, size, modules}
 *   (modules[y][x]: true is dark). The smallest version that holds the UTF-8 bytes at the
 *   error-correction level ("L", "M", "Q", "H"; default "M", falling back to "L" for long
 *   links) and the mask with the lowest penalty, as the standard describes. Checked against
 *   an independent encoder (segno) in tests/test_agenda.py.
 * vconf.qr.svg(text, opts) -> an <svg> element (dark modules as one path, a quiet zone of 4).
 * Written for vconf after Project Nayuki's description of the algorithm; no dependencies.
 */
(() => {
  "use strict";
  const root = typeof window !== "undefined" ? window : globalThis;
  const vconf = (root.vconf = root.vconf || {});

  const ECL = { L: 0, M: 1, Q: 2, H: 3 };
  const ECL_BITS = [1, 0, 3, 2]; // format bits of L, M, Q, H
  // [ecl][version]: error-correction codewords per block, and number of blocks
  const EC_PER_BLOCK = [
    [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
    [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  ];
  const BLOCKS = [
    [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
    [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
    [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
    [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
  ];

  /** Modules available for data (and EC) in a version, after function patterns. */
  const rawModules = (v) => {
    let n = (16 * v + 128) * v + 64;
    if (v >= 2) {
      const align = Math.floor(v / 7) + 2;
      n -= (25 * align - 10) * align - 55;
      if (v >= 7) n -= 36;
    }
    return n;
  };
  const dataCodewords = (v, e) => Math.floor(rawModules(v) / 8) - EC_PER_BLOCK[e][v] * BLOCKS[e][v];

  /* ---- Reed-Solomon over GF(256), polynomial 0x11D ---- */
  const gfMul = (x, y) => {
    let z = 0;
    for (let i = 7; i >= 0; i--) {
      z = (z << 1) ^ ((z >>> 7) * 0x11d);
      z ^= ((y >>> i) & 1) * x;
    }
    return z & 0xff;
  };
  const rsDivisor = (degree) => {
    const out = new Array(degree).fill(0);
    out[degree - 1] = 1;
    let root = 1;
    for (let i = 0; i < degree; i++) {
      for (let j = 0; j < out.length; j++) {
        out[j] = gfMul(out[j], root);
        if (j + 1 < out.length) out[j] ^= out[j + 1];
      }
      root = gfMul(root, 0x02);
    }
    return out;
  };
  const rsRemainder = (data, divisor) => {
    const out = divisor.map(() => 0);
    for (const b of data) {
      const factor = b ^ out.shift();
      out.push(0);
      divisor.forEach((coef, i) => { out[i] ^= gfMul(coef, factor); });
    }
    return out;
  };

  const utf8 = (text) => Array.from(new TextEncoder().encode(text));

  /** The data codewords (mode, length, bytes, terminator, padding) for a version. */
  const dataBits = (bytes, v, e) => {
    const bits = [];
    const put = (val, len) => { for (let i = len - 1; i >= 0; i--) bits.push((val >>> i) & 1); };
    put(0x4, 4); // byte mode
    put(bytes.length, v <= 9 ? 8 : 16);
    for (const b of bytes) put(b, 8);
    const capacity = dataCodewords(v, e) * 8;
    put(0, Math.min(4, capacity - bits.length));
    put(0, (8 - (bits.length % 8)) % 8);
    for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8);
    const out = [];
    for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
    return out;
  };

  /** Split into blocks, add EC codewords, interleave. */
  const interleave = (data, v, e) => {
    const nBlocks = BLOCKS[e][v];
    const ecLen = EC_PER_BLOCK[e][v];
    const raw = Math.floor(rawModules(v) / 8);
    const nShort = nBlocks - (raw % nBlocks);
    const shortLen = Math.floor(raw / nBlocks);
    const divisor = rsDivisor(ecLen);
    const blocks = [];
    for (let i = 0, k = 0; i < nBlocks; i++) {
      const dat = data.slice(k, k + shortLen - ecLen + (i < nShort ? 0 : 1));
      k += dat.length;
      const ec = rsRemainder(dat, divisor);
      if (i < nShort) dat.push(0); // placeholder, skipped below
      blocks.push(dat.concat(ec));
    }
    const out = [];
    for (let i = 0; i < blocks[0].length; i++) {
      blocks.forEach((b, j) => { if (i !== shortLen - ecLen || j >= nShort) out.push(b[i]); });
    }
    return out;
  };

  const alignmentPositions = (v) => {
    if (v === 1) return [];
    const n = Math.floor(v / 7) + 2;
    const step = v === 32 ? 26 : Math.ceil((v * 4 + 4) / (n * 2 - 2)) * 2;
    const out = [6];
    for (let pos = v * 4 + 10; out.length < n; pos -= step) out.splice(1, 0, pos);
    return out;
  };

  const MASKS = [
    (x, y) => (x + y) % 2 === 0,
    (x, y) => y % 2 === 0,
    (x) => x % 3 === 0,
    (x, y) => (x + y) % 3 === 0,
    (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
    (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
    (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
    (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
  ];

  class Grid {
    constructor(v) {
      this.size = v * 4 + 17;
      this.m = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
      this.fn = Array.from({ length: this.size }, () => new Array(this.size).fill(false));
    }

    set(x, y, dark) {
      this.m[y][x] = dark;
      this.fn[y][x] = true;
    }
  }

  const drawFunctions = (g, v) => {
    const s = g.size;
    for (let i = 0; i < s; i++) {
      g.set(6, i, i % 2 === 0);
      g.set(i, 6, i % 2 === 0);
    }
    const finder = (cx, cy) => {
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const d = Math.max(Math.abs(dx), Math.abs(dy));
          const x = cx + dx;
          const y = cy + dy;
          if (x >= 0 && x < s && y >= 0 && y < s) g.set(x, y, d !== 2 && d !== 4);
        }
      }
    };
    finder(3, 3);
    finder(s - 4, 3);
    finder(3, s - 4);
    const pos = alignmentPositions(v);
    const n = pos.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === n - 1) || (i === n - 1 && j === 0)) continue;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) g.set(pos[i] + dx, pos[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
        }
      }
    }
    drawFormat(g, 0, 0); // reserve
    if (v >= 7) {
      let rem = v;
      for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
      const bits = (v << 12) | rem;
      for (let i = 0; i < 18; i++) {
        const dark = ((bits >>> i) & 1) === 1;
        const a = s - 11 + (i % 3);
        const b = Math.floor(i / 3);
        g.set(a, b, dark);
        g.set(b, a, dark);
      }
    }
  };

  function drawFormat(g, eclBits, mask) {
    const data = (eclBits << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (i) => ((bits >>> i) & 1) === 1;
    const s = g.size;
    for (let i = 0; i <= 5; i++) g.set(8, i, bit(i));
    g.set(8, 7, bit(6));
    g.set(8, 8, bit(7));
    g.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) g.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) g.set(s - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) g.set(8, s - 15 + i, bit(i));
    g.set(8, s - 8, true); // the dark module
  }

  const drawCodewords = (g, codewords) => {
    const s = g.size;
    let i = 0;
    for (let right = s - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vert = 0; vert < s; vert++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? s - 1 - vert : vert;
          if (!g.fn[y][x] && i < codewords.length * 8) {
            g.m[y][x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
            i++;
          }
        }
      }
    }
  };

  const applyMask = (g, mask) => {
    const f = MASKS[mask];
    for (let y = 0; y < g.size; y++) {
      for (let x = 0; x < g.size; x++) if (!g.fn[y][x] && f(x, y)) g.m[y][x] = !g.m[y][x];
    }
  };

  /** The standard's penalty score (lower is better). */
  const penalty = (g) => {
    const s = g.size;
    const m = g.m;
    let score = 0;
    const line = (get) => {
      let runColor = false;
      let run = 0;
      let total = 0;
      const hist = [0, 0, 0, 0, 0, 0, 0];
      const finderLike = () => {
        const n = hist[1];
        const core = n > 0 && hist[2] === n && hist[3] === n * 3 && hist[4] === n && hist[5] === n;
        return (core && hist[0] >= n * 4 && hist[6] >= n ? 1 : 0) + (core && hist[6] >= n * 4 && hist[0] >= n ? 1 : 0);
      };
      const push = (len) => {
        if (hist[0] === 0) len += s; // the light border before the first run
        hist.pop();
        hist.unshift(len);
      };
      for (let i = 0; i < s; i++) {
        const c = get(i);
        if (c === runColor) {
          run++;
          if (run === 5) total += 3;
          else if (run > 5) total++;
        } else {
          push(run);
          if (!runColor) total += finderLike() * 40;
          runColor = c;
          run = 1;
        }
      }
      // terminate: the light border after the last run
      if (runColor) {
        push(run);
        run = 0;
      }
      run += s;
      push(run);
      total += finderLike() * 40;
      return total;
    };
    for (let y = 0; y < s; y++) score += line((x) => m[y][x]);
    for (let x = 0; x < s; x++) score += line((y) => m[y][x]);
    for (let y = 0; y < s - 1; y++) {
      for (let x = 0; x < s - 1; x++) {
        const c = m[y][x];
        if (c === m[y][x + 1] && c === m[y + 1][x] && c === m[y + 1][x + 1]) score += 3;
      }
    }
    let dark = 0;
    for (const row of m) for (const c of row) if (c) dark++;
    const total = s * s;
    const k = Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1;
    score += k * 10;
    return score;
  };

  const encode = (text, opts = {}) => {
    const bytes = utf8(text);
    const levels = opts.ecl ? [opts.ecl] : ["M", "L"];
    for (const name of levels) {
      const e = ECL[name];
      const versions = opts.version ? [opts.version] : Array.from({ length: 40 }, (_, i) => i + 1);
      for (const v of versions) {
        const need = 4 + (v <= 9 ? 8 : 16) + bytes.length * 8;
        if (need > dataCodewords(v, e) * 8) continue;
        const codewords = interleave(dataBits(bytes, v, e), v, e);
        const g = new Grid(v);
        drawFunctions(g, v);
        drawCodewords(g, codewords);
        let best = opts.mask ?? -1;
        if (best < 0) {
          let low = Infinity;
          for (let k = 0; k < 8; k++) {
            applyMask(g, k);
            drawFormat(g, ECL_BITS[e], k);
            const p = penalty(g);
            if (p < low) {
              low = p;
              best = k;
            }
            applyMask(g, k); // undo (XOR)
          }
        }
        applyMask(g, best);
        drawFormat(g, ECL_BITS[e], best);
        return { version: v, ecl: name, mask: best, size: g.size, modules: g.m };
      }
    }
    throw new RangeError(`QR: ${bytes.length} bytes do not fit in a QR code`);
  };

  const svg = (text, opts = {}) => {
    const q = encode(text, opts);
    const NS = "http://www.w3.org/2000/svg";
    const n = q.size + 8;
    const el = document.createElementNS(NS, "svg");
    el.setAttribute("viewBox", `0 0 ${n} ${n}`);
    el.setAttribute("shape-rendering", "crispEdges");
    el.setAttribute("role", "img");
    const bg = document.createElementNS(NS, "rect");
    bg.setAttribute("width", String(n));
    bg.setAttribute("height", String(n));
    bg.setAttribute("fill", "#fff");
    const path = document.createElementNS(NS, "path");
    let d = "";
    q.modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) d += `M${x + 4},${y + 4}h1v1h-1z`; }));
    path.setAttribute("d", d);
    path.setAttribute("fill", "#000");
    el.append(bg, path);
    return el;
  };

  vconf.qr = { encode, svg };
})();
