/* The search worker behind Material's search box. It speaks Material's worker
   protocol (SETUP, READY, QUERY, RESULT, with our FAILURE: protocol.js) and answers
   from the language's index written by kb/searchindex.py, fetching only the files a
   query needs:

   - the query goes through analyze.js, exactly as the pages did at build;
   - each query word is a group of alternatives: the word itself, a joined form
     (wi fi: wifi), synonyms from data/synonyms/<lang>.yml, words one typing slip
     away (words of five letters or more), and, for the word being typed, words
     that start with it; Chinese and Japanese pairs fall back to their characters;
   - an article scores the sum of its groups' best impacts, weighted by how many
     groups it matches, and more when its title says them; it is listed only when it
     has the query's words themselves (score: never on kana pairs, a lone kanji or
     stray characters alone), so a query about what the site lacks finds nothing;
     one result per article, its best section shown under it;
   - a question (a question mark, or a question word of the language: kb/search/answers.py)
     whose first result is an article shows that article's answer sentence under its title,
     its best section one click further ("1 more on this page"), and names it in `answer`;
   - the word being typed is completed (Material's `suggest`) only with a word written in the
     articles, as written, after the letters typed: never with two words run together.

   A query it cannot search (no index, or an index file that does not load) is answered
   with FAILURE, never with an empty RESULT: "nothing found" is a statement about the
   articles, which the page records as an unanswered search. */
"use strict";

importScripts("protocol.js", "analyze.js");

const {SETUP, READY, QUERY, RESULT, FAILURE} = kbSearchProtocol;
const FORMAT = 1;
const RESULTS = 20;          // articles listed for a query
const PREFIXES = 5;          // completions of the word being typed
const SLIPS = 5;             // typo corrections of one word
const TYPO_MIN = 5;          // typos are forgiven in words of this many letters or more
const TYPO_TERM = 5;         // and whose stem keeps as many: one slip from a short stem is another word
const WEIGHT = {exact: 1, joined: 1, synonym: 0.9, typo: 0.75, prefix: 0.85, prefixAfterWord: 0.4, character: 0.35, kana: 0.15, lone: 0.5, form: 0.7, unknown: 0.3, near: 0.6};
// Pairs of hiragana are mostly endings and particles (どう, たら): worth far less than kanji and katakana;
// so is a lone kanji (出 of 出す), which many words share.
const KANA = /[\u3040-\u309f]/;
const KATAKANA_RUN = /^[\u30a0-\u30ff]+$/;
const ARABIC = /[\u0600-\u06ff]/;
const CJK_CHAR = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const TITLE = 2;             // an article whose title alone has all the query's words scores 1 + TITLE times as much
const WORDS_NEEDED = 0.34;    // of the query's words (pairs in Chinese and Japanese), for an article to be listed
const CHARACTERS_NEEDED = 0.6;  // of the characters standing for unknown pairs, for an article found by characters alone
const STRONG = 0.5;           // of a word's best points in any article, for the word to count fully where it is
const SURE = new Set(["exact", "joined", "synonym"]);  // what the customer typed, or the site's word for it

let index = null;            // {manifest, base, vocabulary: Promise or null, files: Map}
let unusable = "no index yet";  // why there is no index, when there is none
let latest = 0;              // the newest query; answers to older ones are dropped
let questions = null;        // {words: folded question words, anywhere: found anywhere in a query}

self.onmessage = function (event) {
  const message = event.data;
  if (message.type === SETUP) {
    try {
      setup(message.data && message.data.config && message.data.config.kb);
    } catch (error) {  // the language file did not load: every query will say so
      index = null;
      unusable = String(error && error.message || error);
    }
    self.postMessage({type: READY});
  } else if (message.type === QUERY) {
    const id = ++latest;
    const query = String(message.data || "");
    search(query).then(function (result) {
      result.query = query;  // which query this answers (Material reads only items and suggest)
      if (id === latest) self.postMessage({type: RESULT, data: result});
    }, function (error) {
      if (id === latest) self.postMessage({type: FAILURE, data: {query: query, reason: String(error && error.message || error)}});
    });
  }
};

function setup(manifest) {
  index = null;
  questions = null;
  if (!manifest || manifest.format !== FORMAT || !/^[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?$/.test(manifest.lang)) {
    unusable = "the search index has no manifest of format " + FORMAT;
    return;
  }
  if (manifest.language_file) importScripts("languages/" + manifest.lang + ".js");
  const root = /^(?:[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?\/)?$/.test(manifest.root || "") ? manifest.root || "" : "";
  index = {manifest: manifest, base: new URL("../../../" + root + "search/kb/", self.location), files: new Map()};
  loadVocabulary().catch(function () { /* each query that needs it reports it, and tries again */ });
  const asked = manifest.questions || {};
  questions = {words: (Array.isArray(asked.words) ? asked.words : []).map(function (word) { return kbAnalyze.fold(String(word)); }),
               anywhere: !!asked.anywhere};
  index.synonyms = (manifest.synonyms || []).filter(function (entry) {
    return Array.isArray(entry) && Array.isArray(entry[0]) && Array.isArray(entry[1]);
  });
}

// The language's terms, each with its document frequency and surface; loaded again after a failure.
function loadVocabulary() {
  if (!index.vocabulary) {
    index.vocabulary = file("v.json").then(function (rows) {
      const terms = new Map();
      for (const row of rows) terms.set(row[0], {df: row[1], surface: row[2]});
      return {rows: rows, terms: terms};
    }, function (error) {
      index.vocabulary = null;
      throw error;
    });
  }
  return index.vocabulary;
}

// One index file, fetched once; one that failed is fetched again by the next query that needs it.
function file(name) {
  if (!index.files.has(name)) {
    index.files.set(name, fetch(new URL(name, index.base)).then(function (response) {
      if (!response.ok) throw new Error(name + ": " + response.status);
      return response.json();
    }).catch(function (error) {
      index.files.delete(name);
      throw error;
    }));
  }
  return index.files.get(name);
}

/* ------------------------------------------------------------------------- */

// One alternative of a query word: a term (or a phrase of terms), its kind and its weight.
function option(kind, term, weight) {
  return {term: term, w: weight === undefined ? WEIGHT[kind] : weight, kind: kind};
}

// Damerau-Levenshtein distance, at most 1? (one letter added, removed, changed or two swapped)
function oneSlip(a, b) {
  if (a === b) return false;
  const la = a.length, lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Two known words that an unknown word may be run together from, as terms, or null.
function runTogether(lang, word, vocabulary) {
  const letters = Array.from(word);
  for (let i = letters.length - 4; i >= 4; i--) {  // each of four letters or more
    const first = kbAnalyze.tokens(lang, letters.slice(0, i).join("")).pop();
    const second = kbAnalyze.tokens(lang, letters.slice(i).join("")).pop();
    if (first && second && !first.stop && !second.stop && vocabulary.terms.has(first.term) && vocabulary.terms.has(second.term)) {
      return [first.term, second.term];
    }
  }
  return null;
}

// Does one of the two words have exactly one long vowel letter (ا و ي) more than the other, in any place?
function longVowelApart(a, b) {
  if (Math.abs(a.length - b.length) !== 1) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) {
    if ("\u0627\u0648\u064a".indexOf(long[i]) !== -1 && long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

// The query's groups of alternatives: one per word (per pair of characters in Chinese and Japanese).
function groups(query, vocabulary) {
  const lang = index.manifest.lang;
  const tokens = kbAnalyze.tokens(lang, query);
  const typing = !/\s$/.test(query);
  // Each word, with the pieces it was written in (Wi-Fi, KestrelCare) when there are any.
  const words = [];
  let pieces = [];
  for (const token of tokens) {
    if (token.cjk) continue;
    if (token.part) { pieces.push(token); continue; }
    words.push(Object.assign({pieces: pieces, written: token}, token));
    pieces = [];
  }
  // A letter alone (the a of "talk to a person", a stray key) is no word to search, a digit is.
  const content = words.filter(function (t) { return !t.stop && (t.surface.length > 1 || /\d/.test(t.surface)); });
  const useWords = content.length ? content : words;
  const list = [];

  for (const token of useWords) {
    const group = {surface: token.surface, term: token.term, alts: [option("exact", token.term)]};
    if (token.alt) group.alts.push(option("exact", token.alt));
    const known = vocabulary.terms.has(token.term) || vocabulary.terms.has(token.alt);
    // A word with digits is a model or a number: it matches only itself (KP-310 is not KP-300).
    if (!known && token.surface.length >= TYPO_MIN && token.term.length >= TYPO_TERM && !/\d/.test(token.surface)) {
      const slips = [];
      for (const row of vocabulary.rows) {
        if (oneSlip(token.term, row[0]) || oneSlip(token.surface, row[0])) slips.push(row);
      }
      slips.sort(function (a, b) { return b[1] - a[1]; });
      for (const row of slips.slice(0, SLIPS)) group.alts.push(option("typo", row[0]));
    }
    // A word written in pieces also stands for its pieces (KestrelCare: Kestrel Care); an
    // unknown word, for two known words it may be run together from (kestrelcare, wifirouter).
    const split = token.pieces.length ? token.pieces.map(function (p) { return p.term; })
      : known || group.alts.length > 1 ? null : runTogether(lang, token.surface, vocabulary);
    if (split) group.alts.push({phrase: split, w: WEIGHT.joined, kind: "joined", all: true});
    // Spanish verbs whose stem vowel breaks when stressed: devuelvo, puedo (devolver, poder),
    // enciende, pierdo (encender, perder); the other form, when the site has it.
    if (lang === "es") {
      for (const [from, to] of [["ue", "o"], ["ie", "e"]]) {
        const other = token.term.replace(from, to);
        if (other !== token.term && vocabulary.terms.has(other)) group.alts.push(option("form", other));
      }
    }
    if (ARABIC.test(token.surface) && token.surface.length >= 4) {
      // Arabic forms of one root differ by a long vowel (ارجع, ارجاع): one ا, و or ي more or less.
      for (const row of vocabulary.rows) {
        if (row[0] !== token.term && longVowelApart(token.term, row[0])) group.alts.push(option("form", row[0]));
      }
      // The article with what joins it (بال، وال، كال، فال، لل), which the stemmer sometimes keeps
      // (بالضمان: بالضم): the word without it, as the site has it.
      const article = /^\u0648?(?:\u0628\u0627\u0644|\u0643\u0627\u0644|\u0641\u0627\u0644|\u0627\u0644|\u0644\u0644)/.exec(token.surface);
      if (article && token.surface.length - article[0].length >= 3) {
        const bare = kbAnalyze.tokens(lang, token.surface.slice(article[0].length)).pop();
        if (bare && bare.term !== token.term && vocabulary.terms.has(bare.term)) group.alts.push(option("exact", bare.term));
      }
      // A present-tense verb carries one prefix letter (اوصف, يشتغل, تشحن): the word without it.
      const bare = token.term.slice(1);
      if ("\u0627\u064a\u062a\u0646".indexOf(token.term[0]) !== -1 && bare.length >= 3 && vocabulary.terms.has(bare)) {
        group.alts.push(option("form", bare));
      }
    }
    list.push(group);
  }
  // The word being typed also stands for the words it begins.
  const last = words[words.length - 1];
  if (typing && last && last.written === tokens[tokens.length - 1] && last.surface.length >= 3) {
    const group = list.find(function (g) { return g.surface === last.surface; });
    if (group) {
      const found = [];
      for (const row of vocabulary.rows) {
        if (row[0] !== last.term && (row[0].startsWith(last.surface) || row[2].startsWith(last.surface))) found.push(row);
      }
      found.sort(function (a, b) { return b[1] - a[1]; });
      const weight = vocabulary.terms.has(last.term) ? WEIGHT.prefixAfterWord : WEIGHT.prefix;
      for (const row of found.slice(0, PREFIXES)) group.alts.push(option("prefix", row[0], weight));
      group.completions = found.map(function (row) { return row[3] || ""; }).filter(Boolean);
    }
  }
  // Two neighbouring words may be one word split in two (wi fi: wifi).
  for (let i = 0; i + 1 < words.length; i++) {
    const joined = kbAnalyze.tokens(lang, words[i].surface + words[i + 1].surface).pop();
    if (!joined || !vocabulary.terms.has(joined.term)) continue;
    for (const group of list) {
      if (group.surface === words[i].surface || group.surface === words[i + 1].surface) {
        group.alts.push(option("joined", joined.term));
      }
    }
  }
  // Chinese and Japanese: each pair of characters, or its characters when the pair is unknown.
  const runs = new Map();
  for (const token of tokens) {
    if (!token.cjk) continue;
    if (!runs.has(token.run)) runs.set(token.run, []);
    runs.get(token.run).push(token);
  }
  for (const run of runs.values()) {
    const singles = run.filter(function (t) { return t.single; });
    const pairs = run.filter(function (t) { return !t.single; });
    if (!pairs.length) {
      for (const t of singles) if (!t.stop) list.push({surface: t.surface, term: t.term, cjk: true, lone: true, alts: [option("exact", t.term)]});
      continue;
    }
    // A word in katakana is a loanword, one word: found only where all its pairs are (トースター
    // is not スタート), never by its characters.
    const content = pairs.filter(function (pair) { return !pair.stop; });
    if (content.length > 1 && content.length === pairs.length && KATAKANA_RUN.test(singles.map(function (t) { return t.surface; }).join(""))) {
      const terms = content.map(function (pair) { return pair.term; });
      list.push({surface: singles.map(function (t) { return t.surface; }).join(""), term: terms[0], covers: terms, cjk: true,
                 alts: [{phrase: terms, w: WEIGHT.exact, kind: "exact", all: true}]});
      continue;
    }
    pairs.forEach(function (pair, i) {
      if (pair.stop) return;
      const alts = [option("exact", pair.term)];
      for (const t of [singles[i], singles[i + 1]]) {  // never a katakana's: a loanword is whole
        if (t && !t.stop && !KATAKANA_RUN.test(t.surface)) alts.push(option("character", t.term));
      }
      const kana = KANA.test(pair.surface);
      list.push({surface: pair.surface, term: pair.term, cjk: true, alts: alts, kana: kana});
    });
  }
  // Synonyms: a key found in the query (word by word) adds its terms to the groups it covers.
  const slots = kbAnalyze.slots(lang, query);
  // A word the site does not have, one slip from a customer's word the synonyms know
  // (البلوتوت: البلوتوث), stands for that word.
  if (!index.keyTerms) {
    index.keyTerms = new Set();
    for (const entry of index.synonyms) for (const word of entry[0]) for (const term of word) index.keyTerms.add(term);
  }
  const corrected = new Map();  // the synonyms' word -> the word typed
  for (const slot of slots) {
    if (slot.some(function (term) { return vocabulary.terms.has(term) || index.keyTerms.has(term); })) continue;
    if (slot[0].length < TYPO_TERM || /\d/.test(slot[0])) continue;
    for (const term of index.keyTerms) {
      if (slot.some(function (typed) { return oneSlip(typed, term); })) { slot.push(term); corrected.set(term, slot[0]); }
    }
  }
  for (const entry of index.synonyms) {
    const key = entry[0];
    if (!contains(slots, key)) continue;
    const covered = new Set([].concat.apply([], key));
    for (const term of Array.from(covered)) if (corrected.has(term)) covered.add(corrected.get(term));
    const groups = list.filter(function (group) {
      return (group.covers || [group.term]).some(function (term) { return covered.has(term); });
    });
    for (const group of groups) {  // each of the key's words stands for the site's term, found whole
      for (const target of entry[1]) group.alts.push({phrase: target, w: WEIGHT.synonym, kind: "synonym", all: true});
    }
  }
  return list;
}

// Do the key's words stand, in order and next to each other, among the query's? Two words
// match when they share a term.
function contains(words, key) {
  outer: for (let i = 0; i + key.length <= words.length; i++) {
    for (let j = 0; j < key.length; j++) {
      if (!key[j].some(function (term) { return words[i + j].indexOf(term) !== -1; })) continue outer;
    }
    return true;
  }
  return false;
}

// The terms a phrase is scored on: its pairs of characters when it has any, not their single characters.
function phraseTerms(phrase) {
  const pairs = phrase.filter(function (term) { return Array.from(term).length > 1 || !CJK_CHAR.test(term); });
  return pairs.length ? pairs : phrase;
}

// Postings of the terms, from the shards they live in: term -> Map(article -> [impact, section]).
async function postings(terms) {
  const count = index.manifest.shards;
  const names = terms.map(function (term) { return "t" + kbAnalyze.shardOf(term, count) + ".json"; });
  const shards = await Promise.all(names.map(file));
  const found = new Map();
  terms.forEach(function (term, n) {
    const flat = shards[n][term];
    if (!flat) return;
    const map = new Map();
    let article = 0;
    for (let i = 0; i < flat.length; i += 3) {
      article += flat[i];  // numbered by difference from the one before
      map.set(article, [flat[i + 1], flat[i + 2]]);
    }
    found.set(term, map);
  });
  return found;
}

async function search(query) {
  if (!query.trim()) return {items: []};
  if (!index) throw new Error(unusable);
  const vocabulary = await loadVocabulary();
  const list = groups(query, vocabulary);
  if (!list.length) return {items: []};
  const wanted = new Set();
  for (const group of list) {
    for (const alt of group.alts) {
      for (const term of alt.term ? [alt.term] : alt.phrase) wanted.add(term);
    }
  }
  const found = await postings(Array.from(wanted));
  const scored = score(list, found);
  let fragments = await Promise.all(scored.ranked.map(function (r) { return file("a" + r[0] + ".json"); }));
  fragments = rerank(list, scored, fragments);
  const matchedTerms = new Set(Array.from(wanted).filter(function (term) { return found.has(term); }));
  const answering = isQuestion(query) && fragments.length > 0 && !!fragments[0].a;
  const result = {items: render(list, scored, fragments, matchedTerms, answering)};
  if (answering) result.answer = {location: fragments[0].u, title: fragments[0].t, text: fragments[0].a};
  const completion = complete(query, list);
  if (completion) result.suggest = [completion];
  return result;
}

// Is the query a question: a question mark, or a question word of the language (the first word;
// in Chinese and Japanese, anywhere)?
function isQuestion(query) {
  if (/[?\uff1f\u061f\u00bf]/.test(query)) return true;
  if (!questions || !questions.words.length) return false;
  const folded = kbAnalyze.fold(query).replace(/['\u2019]/g, "");
  if (questions.anywhere) return questions.words.some(function (word) { return folded.indexOf(word) !== -1; });
  const first = folded.trim().split(/[\s\u3000]+/)[0].replace(/^[\u00bf\u00a1"\u201c(]+/, "");
  return questions.words.indexOf(first) !== -1;
}

/* What Material shows after the word being typed (its `suggest`: the last one replaces that word
   when it begins with it): the letters typed, then the rest of the commonest written word that
   begins with them, or nothing. Material splits the query at spaces and hyphens, as here. */
function complete(query, list) {
  const typed = query.split(/[\s-]+/).pop();
  const group = list.filter(function (g) { return g.completions; }).pop();
  if (!typed || !group) return "";
  const lower = typed.toLowerCase();
  const word = group.completions.find(function (written) {
    return written.length > typed.length && written.toLowerCase().startsWith(lower) && !/[\s-]/.test(written);
  });
  return word ? typed + word.slice(typed.length) : "";
}

/* The articles that match, best first (at most RESULTS, none far below the best), each as
   [article number, score], and per article the votes of its sections. */
function score(list, found) {
  // A pair of characters the index does not know stands for its characters, each character
  // for one group only; a known pair stands for itself.
  const usedCharacters = new Set();
  for (const group of list) {
    if (!group.cjk) continue;
    group.alts = group.alts.filter(function (alt) {
      if (alt.kind !== "character") return true;
      if (found.has(group.term) || usedCharacters.has(alt.term)) return false;
      usedCharacters.add(alt.term);
      return true;
    });
  }

  // Each group's best alternative per article, summed; sections vote for where the answer is.
  const total = new Map(), matched = new Map(), votes = new Map();
  // An article is listed when it has one of the query's words (kanji and katakana pairs, words
  // of alphabetic scripts, synonyms, near forms), or, when some other article has one, most of
  // the characters of the query's unknown pairs; never on kana pairs or one kanji alone (天ぷら).
  const anchored = new Set(), characters = new Map(), loneKanji = new Map();
  // and when it has at least half of the query's words (a query about something else that
  // shares one common word with the site lists nothing).
  const words = new Map();
  let content = 0;
  const articles = index.manifest.articles || 1;
  for (const group of list) {
    const best = bestPerArticle(group, found);
    // A group weighs by how rare its word is: a rare word found says more than a common one;
    // a correction (a typo, another form, a completion) no more than a common word; a word
    // the index has nowhere, little.
    let df = 0, near = 0;
    for (const alt of group.alts) {
      const sizes = (alt.term ? [alt.term] : phraseTerms(alt.phrase)).map(function (term) {
        return found.has(term) ? found.get(term).size : Infinity;
      });
      const size = Math.min.apply(null, sizes);  // a phrase is as rare as its rarest word
      if (size === Infinity) continue;
      if (SURE.has(alt.kind)) df = Math.max(df, size);
      else if (alt.kind !== "character") near = Math.max(near, size);
    }
    const rarity = df ? Math.log(1 + articles / df) : near ? Math.min(WEIGHT.near, Math.log(1 + articles / near)) : WEIGHT.unknown;
    const kind = group.kana ? WEIGHT.kana : group.lone ? WEIGHT.lone : 1;
    group.weight = kind * rarity;
    group.hit = best.size > 0;
    if (!group.kana) content += 1;
    // A word counts fully towards an article's coverage where it weighs at least STRONG of its
    // best article's points; a mention in passing (a manual's text, a word in one list item), in part.
    let strongest = 0;
    for (const value of best.values()) strongest = Math.max(strongest, value[0]);
    for (const [article, value] of best) {
      const points = value[0] * kind;
      if (!group.kana) words.set(article, (words.get(article) || 0) + 1);
      if (value[2].kind === "character") {
        if (!characters.has(article)) characters.set(article, new Set());
        characters.get(article).add(value[2].term);
      } else if (group.lone) {  // a kanji written alone (問い合わせ), one of two at least
        loneKanji.set(article, (loneKanji.get(article) || 0) + 1);
        if (loneKanji.get(article) >= 2) anchored.add(article);
      } else if (!group.kana) {
        anchored.add(article);
      }
      total.set(article, (total.get(article) || 0) + points);
      matched.set(article, (matched.get(article) || 0) + group.weight * Math.min(1, value[0] / (STRONG * strongest)));
      if (!votes.has(article)) votes.set(article, new Map());
      const sections = votes.get(article);
      sections.set(value[1], (sections.get(value[1]) || 0) + points);
    }
  }
  let weights = 0;
  for (const group of list) weights += group.weight;
  const ranked = [];
  for (const [article, sum] of total) {
    if (!anchored.size) break;  // none of the query's words is anywhere: nothing found, not noise
    if ((words.get(article) || 0) < WORDS_NEEDED * content) continue;
    const chars = characters.get(article);
    if (!anchored.has(article) && !(chars && chars.size >= 2 && chars.size >= CHARACTERS_NEEDED * usedCharacters.size)) continue;
    const coverage = matched.get(article) / weights;
    ranked.push([article, sum * (0.2 + 0.8 * coverage * coverage)]);
  }
  ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  const top = ranked.length ? ranked[0][1] : 0;
  return {ranked: ranked.filter(function (r) { return r[1] >= top * 0.05; }).slice(0, RESULTS), votes: votes};
}

/* The articles found, in their final order: one whose title says what the query asks (its
   words, their synonyms or near forms) comes before one that only mentions them, and the home
   page, which lists everything and answers nothing, after every article. Reorders
   scored.ranked; returns the fragments in the same order. */
function rerank(list, scored, fragments) {
  const lang = index.manifest.lang;
  let weights = 0;
  for (const group of list) weights += group.weight;
  // Which of the query's words each title has; a word that many titles have (the user guide of
  // every model) tells them apart less: it counts once, shared among them.
  const inTitles = scored.ranked.map(function (r, i) {
    const title = new Set(kbAnalyze.terms(lang, fragments[i].t));
    return list.map(function (group) {
      return group.alts.some(function (alt) {
        if (alt.kind === "character" || alt.kind === "prefix") return false;
        return alt.term ? title.has(alt.term) : phraseTerms(alt.phrase).every(function (t) { return title.has(t); });
      });
    });
  });
  const titles = list.map(function (group, g) { return inTitles.filter(function (has) { return has[g]; }).length; });
  const order = scored.ranked.map(function (r, i) {
    let said = 0;
    list.forEach(function (group, g) { if (inTitles[i][g]) said += group.weight / titles[g]; });
    const value = r[1] * (1 + TITLE * (weights ? said / weights : 0));
    return {r: [r[0], value], fragment: fragments[i], home: fragments[i].u === ""};
  });
  order.sort(function (a, b) { return (a.home - b.home) || (b.r[1] - a.r[1]) || (a.r[0] - b.r[0]); });
  // Pages of one folder that the query does not tell apart (the user guides of every model, for
  // "user guide"): the folder's own page, which lists them, comes first.
  if (order.length > 2) {
    const folder = order[0].fragment.u.replace(/[^/]+\/$/, "");
    const tied = order.filter(function (o) {
      return o.fragment.u !== folder && o.fragment.u.startsWith(folder) && o.r[1] >= order[0].r[1] * 0.99;
    });
    const hub = order.findIndex(function (o) { return o.fragment.u === folder; });
    if (folder && tied.length >= 3 && hub > 0) order.unshift(order.splice(hub, 1)[0]);
  }
  scored.ranked = order.map(function (o) { return o.r; });
  return order.map(function (o) { return o.fragment; });
}

// A group's best alternative in each article: article -> [points, section].
function bestPerArticle(group, found) {
  const offers = [];
  const where = new Map();  // alternative -> the articles it is found in
  function offer(article, points, section, alt) {
    offers.push([article, points, section, alt]);
    if (!where.has(alt)) where.set(alt, new Set());
    where.get(alt).add(article);
  }
  for (const alt of group.alts) {
    if (alt.term) {
      for (const [article, posting] of found.get(alt.term) || []) offer(article, posting[0] * alt.w, posting[1], alt);
      continue;
    }
    // A phrase scores the mean of its words (for Chinese and Japanese, of its pairs of
    // characters), wherever it has them, in the section of its best word.
    // A phrase marked `all` (a word written in pieces, a loanword, a synonym) only where all its words are.
    const words = phraseTerms(alt.phrase);
    const seen = new Map();
    for (const term of words) {
      for (const [article, posting] of found.get(term) || []) {
        const entry = seen.get(article) || [0, posting[1], 0, 0];
        entry[0] += posting[0];
        entry[3] += 1;
        if (posting[0] > entry[2]) { entry[1] = posting[1]; entry[2] = posting[0]; }
        seen.set(article, entry);
      }
    }
    for (const [article, entry] of seen) {
      if (alt.all && entry[3] < words.length) continue;
      offer(article, entry[0] / words.length * alt.w, entry[1], alt);
    }
  }
  const scale = conceptScales(group, where);
  const best = new Map();
  for (const [article, points, section, alt] of offers) {
    const scaled = points * (scale.get(alt) || 1);
    if (!best.has(article) || best.get(article)[0] < scaled) best.set(article, [scaled, section, alt]);
  }
  return best;
}

/* A customer's word and the site's terms for it (its synonyms) are one subject, as rare as all
   the articles that have any of them: the customer's own word, written in a few articles
   (móvil, where most say Kestrel Phone), weighs no more there than the subject does, so those
   few do not outrank the articles about the query's other words. Not for Chinese and Japanese,
   whose groups are pairs of characters, each as rare as it is. */
function conceptScales(group, where) {
  const scale = new Map();
  const sure = group.alts.filter(function (alt) { return SURE.has(alt.kind) && where.has(alt); });
  if (group.cjk || !sure.some(function (alt) { return alt.kind === "synonym"; }) || sure.length < 2) return scale;
  const all = new Set();
  for (const alt of sure) for (const article of where.get(alt)) all.add(article);
  const articles = index.manifest.articles || 1;
  function idf(count) { return Math.log(1 + (articles - count + 0.5) / (count + 0.5)); }  // the index's (kb/search/index.py)
  for (const alt of sure) scale.set(alt, Math.min(1, idf(all.size) / idf(where.get(alt).size)));
  return scale;
}

/* Material's result items: each article, with its best section under it when that is not its opening.
   Answering a question, the first article shows its answer sentence (Material shows an article's
   text when no section under it scores as high: its section scores a little lower, one click
   further, under "1 more on this page"). */
function render(list, scored, fragments, matchedTerms, answering) {
  const terms = {};  // the query's words, and whether each was found (Material marks the missing ones)
  for (const group of list) {
    if (!group.cjk || group.hit) terms[group.surface] = group.hit;
  }
  return scored.ranked.map(function (r, i) {
    const fragment = fragments[i];
    const score = Math.round(r[1]) / 100;
    let section = 0, most = -1;
    for (const [s, v] of scored.votes.get(r[0])) if (v > most || (v === most && s < section)) { section = s; most = v; }
    const label = fragment.l ? ' <span class="kb-search-lang" lang="' + escapeHTML(fragment.l) + '">' +
      escapeHTML(index.manifest.labels[fragment.l] || fragment.l) + "</span>" : "";
    const opening = fragment.s[0] || ["", fragment.t, ""];
    const article = {location: fragment.u, kbTitle: fragment.t, title: highlight(fragment.t, matchedTerms) + label,
                     text: highlight(fragment.d || opening[2], matchedTerms), score: score, terms: terms};
    const answer = answering && i === 0;
    if (answer) article.text = '<p class="kb-search-answer" data-kb-answer="">' + highlight(fragment.a, matchedTerms) + "</p>";
    const best = fragment.s[section];
    if (!section || !best) return [article];
    return [article, {location: fragment.u + "#" + best[0], title: highlight(best[1], matchedTerms),
                      text: highlight(best[2], matchedTerms), score: answer ? score - 0.01 : score, terms: terms}];
  });
}

/* ------------------------------------------------------------------------- */

const ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
}

// The text, escaped, with the words whose terms matched in <mark>.
function highlight(text, terms) {
  text = String(text || "");
  const lang = index.manifest.lang;
  const marked = new Uint8Array(text.length);
  for (const [start, end, cjk] of kbAnalyze.words(text)) {
    if (cjk) {
      const chars = Array.from(text.slice(start, end));
      let offset = start;
      const offsets = chars.map(function (c) { const o = offset; offset += c.length; return o; });
      for (let i = 0; i + 1 < chars.length; i++) {
        const pair = kbAnalyze.fold(chars[i] + chars[i + 1]);
        if (terms.has(pair)) marked.fill(1, offsets[i], offsets[i + 1] + chars[i + 1].length);
      }
      continue;
    }
    // A word matches by its term or by its other form (البطارية: بطار, or بطاريه as typed); a word
    // written in pieces, whole or by all its pieces (KP-300 is not marked for the kp of KP-310).
    const tokens = kbAnalyze.tokens(lang, text.slice(start, end));
    const matches = function (t) { return !t.stop && (terms.has(t.term) || (t.alt !== undefined && terms.has(t.alt))); };
    const parts = tokens.filter(function (t) { return t.part; });
    const hit = tokens.some(function (t) { return !t.part && matches(t); }) || (parts.length > 0 && parts.every(matches));
    if (hit) marked.fill(1, start, end);
  }
  let out = "", open = false;
  for (let i = 0; i < text.length; i++) {
    if (marked[i] && !open) { out += "<mark>"; open = true; }
    if (!marked[i] && open) { out += "</mark>"; open = false; }
    out += ESCAPES[text[i]] || text[i];
  }
  return open ? out + "</mark>" : out;
}
