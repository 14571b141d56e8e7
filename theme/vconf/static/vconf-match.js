/* vconf-match.js: the one way vconf matches what a reader types against text, shared by the
 * search box (vconf-search.js), the gallery's filter and the map's search, so a paper found
 * in one is found in the others. No dependencies; defines window.vconfMatch.
 *
 * Text and queries are cut into terms the same way as the search index at build time
 * (sphinxext_vconf/search.py: accents dropped, lowercase, runs of letters and digits, a few
 * stopwords dropped). A query term matches a text term when it is
 *   - the same term (1), or the term with a plural "s" dropped (0.9);
 *   - the beginning of it (0.8): "optim" finds "optimization" (two letters at least);
 *   - one edit away (0.5), or one edit away from its beginning (0.4), when it has 5 letters
 *     or more: "schmdit" finds "Schmidt", "reinforcment" finds "reinforcement".
 * Every query term must match (AND); "a quoted phrase" must appear as it is written.
 *
 * For a list of records (the gallery's, the map's):
 *     const ix = vconfMatch.index(papers.map((p) => [p.title, ...p.authors, ...p.keywords].join("\n")));
 *     const hits = ix.filter(query);   // null for an empty query, else a Uint8Array: 1 = matches
 */
(() => {
  "use strict";
  if (window.vconfMatch) return;

  const STOPWORDS = new Set(("a an and are as at be by for from has have in into is it its of on or our that the " +
    "their this to was we were which with").split(" "));
  const MAX_TOKEN = 32;
  const SPLIT = /[^\p{L}\p{N}]+/u;

  /** Lowercase with accents dropped ("Élodie" -> "elodie"), as search.py's fold(). */
  const fold = (s) => {
    s = String(s ?? "");
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase() : s.toLowerCase();
  };

  const keep = (t) => t && t.length <= MAX_TOKEN && !STOPWORDS.has(t) && (t.length > 1 || /\d/.test(t));
  /** The terms of a text, as the index has them. */
  const tokens = (text) => fold(text).split(SPLIT).filter(keep);

  /** A query: its terms and its "quoted phrases" (folded, spaces squeezed). */
  const parse = (query) => {
    const terms = [];
    const phrases = [];
    const re = /"([^"]*)"?|([^\s"]+)/g;
    const q = fold(query);
    let m;
    while ((m = re.exec(q))) {
      if (m[1] !== undefined) {
        const p = m[1].trim().replace(/\s+/g, " ");
        if (p) phrases.push(p);
      } else {
        for (const t of tokens(m[2])) if (!terms.includes(t)) terms.push(t);
      }
    }
    return { terms, phrases };
  };

  /** Whether a and b are at most one edit apart (insert, delete, substitute, swap two neighbours). */
  const within1 = (a, b) => {
    const la = a.length;
    const lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    let i = 0;
    while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === la && i === lb) return true;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  };

  const TYPO_MIN = 5;
  /** How well the query term q matches the text term t: 0 (not at all) to 1 (the same). */
  const score = (q, t) => {
    if (q === t) return 1;
    const lq = q.length;
    if (lq < 2) return 0;
    if (lq >= 4 && q.charCodeAt(lq - 1) === 115 && t === q.slice(0, -1)) return 0.9; // "models" -> "model"
    if (t.length > lq && t.startsWith(q)) return 0.8;
    if (lq < TYPO_MIN) return 0;
    if (within1(q, t)) return 0.5;
    // A typo in what is typed so far: one edit from the beginning of a longer term.
    if (t.length > lq + 1 && (within1(q, t.slice(0, lq)) || within1(q, t.slice(0, lq + 1)) || within1(q, t.slice(0, lq - 1)))) return 0.4;
    return 0;
  };

  /** Whether one text matches a query (for a single record; lists use index()). */
  const matches = (query, text) => {
    const { terms, phrases } = parse(query);
    const ts = tokens(text);
    const flat = phrases.length ? fold(text).replace(/\s+/g, " ") : "";
    return terms.every((q) => ts.some((t) => score(q, t) > 0)) && phrases.every((p) => flat.includes(p));
  };

  /** A reusable index over many texts: each query term is tested once per distinct term of
   * all texts, not once per text (5,000 papers: ~20,000 distinct terms, a few ms). */
  const index = (texts) => {
    const vocab = new Map();
    const docs = texts.map((text) => {
      const ids = new Set();
      for (const t of tokens(text)) {
        let id = vocab.get(t);
        if (id === undefined) vocab.set(t, (id = vocab.size));
        ids.add(id);
      }
      return Int32Array.from(ids);
    });
    const words = [...vocab.keys()];
    let flat = null; // folded texts, made when a phrase is first asked for
    const memo = new Map(); // query term -> which words it matches
    const filter = (query) => {
      const { terms, phrases } = parse(query);
      if (!terms.length && !phrases.length) return null;
      const out = new Uint8Array(texts.length);
      const hit = terms.map((q) => {
        let ok = memo.get(q); // typing "graph neural": "graph" is not tested again for "n", "ne", ...
        if (!ok) {
          ok = new Uint8Array(words.length);
          for (let i = 0; i < words.length; i++) if (score(q, words[i]) > 0) ok[i] = 1;
          if (memo.size > 64) memo.clear();
          memo.set(q, ok);
        }
        return ok;
      });
      if (phrases.length && !flat) flat = texts.map((t) => fold(t).replace(/\s+/g, " "));
      for (let d = 0; d < docs.length; d++) {
        const ids = docs[d];
        let ok = true;
        for (let k = 0; k < hit.length && ok; k++) {
          const h = hit[k];
          ok = false;
          for (let j = 0; j < ids.length; j++) {
            if (h[ids[j]]) {
              ok = true;
              break;
            }
          }
        }
        for (let k = 0; k < phrases.length && ok; k++) ok = flat[d].includes(phrases[k]);
        if (ok) out[d] = 1;
      }
      return out;
    };
    return { filter, size: texts.length };
  };

  window.vconfMatch = { fold, tokens, parse, within1, score, matches, index, TYPO_MIN, STOPWORDS };
})();
