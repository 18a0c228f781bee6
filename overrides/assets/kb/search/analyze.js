/* How text becomes search terms: the one definition, run by the search worker for
   queries and by the build (kb/searchindex.py, through V8) for the index, so a query
   is always analyzed exactly as the pages were.

   - fold: NFKC (full-width and half-width forms), lower case, Latin diacritics,
     Arabic harakat, tatweel and letter variants (alef forms, taa marbuta, alif maqsura);
   - words of alphabetic scripts: stop words dropped, then the language's Snowball
     stemmer (languages/<code>.js); a hyphenated word also stands joined (wi-fi: wifi);
   - Chinese and Japanese: every run of Han and kana gives its characters and the
     pairs of neighbouring characters (bigrams), in the index and in the query alike. */
(function (root) {
  "use strict";

  const languages = {};  // code -> {stem(word), stop: Set of folded stop words}

  // Latin, Greek and Cyrillic combining marks, after canonical decomposition.
  const LATIN_MARKS = /[\u0300-\u036f]/g;
  // Arabic harakat, Quranic annotation marks, superscript alef and tatweel.
  const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  // The katakana long-vowel mark, which customers drop or add (ブルートゥース, ブルトゥース).
  const LONG_VOWEL = /\u30fc/g;
  // Where a word written in camel case joins two (WiFi, KestrelCare).
  const CAMEL = /(?<=\p{Ll})(?=\p{Lu})/u;
  // Alef with hamza above or below, alef with madda and alef wasla: bare alef.
  const ARABIC_ALEF = /[\u0623\u0625\u0622\u0671]/g;
  // One token: a run of Han and kana (with the long-vowel and iteration marks), or a word
  // of letters and digits, apostrophes and hyphens inside it included.
  const CJK = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005";
  const LETTER = "(?:(?![" + CJK + "])[\\p{L}\\p{N}\\p{M}])";
  const TOKEN = new RegExp("([" + CJK + "]+)|(" + LETTER + "+(?:['\\u2019\\-]" + LETTER + "+)*)", "gu");
  const DIGITS = /^\p{N}+$/u;
  const CJK_WORD = new RegExp("^[" + CJK + "]+$", "u");
  // Within a run of Chinese and Japanese, one script at a time: kanji, hiragana, katakana.
  // Pairs never join two scripts, so endings and particles (理に, はど) make no terms.
  const SCRIPT_RUN = /[\p{sc=Han}\u3005]+|\p{sc=Hiragana}+|[\p{sc=Katakana}\u30fc]+|./gsu;

  // Width only: what the stemmers expect, in case (the Spanish one knows its accents).
  function soften(text) {
    return text.normalize("NFKC");
  }

  function fold(text) {
    return soften(text).toLowerCase().replace(LONG_VOWEL, "")
      .normalize("NFD").replace(LATIN_MARKS, "").normalize("NFC")
      .replace(ARABIC_MARKS, "").replace(ARABIC_ALEF, "\u0627")
      .replace(/\u0629/g, "\u0647").replace(/\u0649/g, "\u064a");
  }

  /* Words of customers' questions that the vendored lists lack and that say nothing about the
     subject: I want, I need, please; in Arabic, what, where, why, how and I want as the Gulf,
     the Levant and Egypt say them. */
  const SPOKEN_STOPWORDS = {
    en: ["want", "wanna", "need", "please", "pls", "plz"],
    ar: ["\u0627\u064a\u0634", "\u0634\u0648", "\u0648\u0634", "\u0644\u064a\u0634", "\u0648\u064a\u0646", "\u0641\u064a\u0646",
         "\u0644\u0641\u064a\u0646", "\u0627\u0628\u064a", "\u0627\u0628\u063a\u064a", "\u0627\u0628\u063a\u0649",
         "\u0628\u062f\u064a", "\u0639\u0627\u064a\u0632", "\u0639\u0627\u0648\u0632", "\u0627\u0632\u0627\u064a", "\u0627\u0632\u064a"],
  };

  // Pronouns a language writes onto its infinitives and gerunds, which its stemmer leaves on
  // short verbs (Spanish caerse, usarlo: Snowball's region starts after them): taken off first,
  // so the verb is one word with or without them (caerse: caer, devolverlo: devolver). Me, te
  // and nos only after a longer verb (fuerte, duerme are no verbs with te, me), and never os,
  // which plural nouns end with (números).
  const CLITICS = {
    es: /^(?:(.{2,}?(?:[aeiáéí]r|[aá]ndo|i[eé]ndo))(?:se|le|les)?(?:lo|la|los|las)?|(.{3,}?(?:[aeiáéí]r|[aá]ndo|i[eé]ndo))(?:me|te|nos)(?:lo|la|los|las)?)$/,
  };
  const UNSTRESSED = {"á": "a", "é": "e", "í": "i"};

  function withoutClitics(lang, word) {
    const match = lang.clitics && lang.clitics.exec(word);
    const verb = match && (match[1] || match[2]);
    if (!verb || verb.length === word.length) return word;
    return verb.replace(/[áéí](?=(r|ndo)$)/, function (vowel) { return UNSTRESSED[vowel]; });
  }

  function register(code, data) {
    const stop = new Set();
    let longest = 0;
    for (const word of (data.stopwords || []).concat(SPOKEN_STOPWORDS[code] || [])) {
      const folded = fold(word).replace(/['\u2019]/g, "");
      stop.add(folded);
      if (CJK_WORD.test(folded)) longest = Math.max(longest, Array.from(folded).length);
    }
    languages[code] = {stem: data.stemmer, stop: stop, longestCJK: longest, clitics: CLITICS[code] || null};
  }

  function language(code) {
    return languages[code] || {stem: null, stop: new Set(), longestCJK: 0, clitics: null};
  }

  // Which characters of a Chinese or Japanese run belong to a stop word (怎么办, ですか).
  function stopCharacters(lang, chars) {
    const marked = new Array(chars.length).fill(false);
    for (let i = 0; i < chars.length; i++) {
      let word = chars[i];
      for (let j = i + 1; j < chars.length && j - i < lang.longestCJK; j++) {
        word += chars[j];
        if (lang.stop.has(word)) marked.fill(true, i, j + 1);
      }
    }
    return marked;
  }

  /* The terms of one word (width and case folded): its stem, folded; and, when it differs,
     the stem of the folded word, as a customer who types no accents gets it
     (devoluciones: devolu; devolucion: devolucion). Numbers and short words stay whole. */
  function termsOf(lang, word) {
    const folded = fold(word);
    if (!lang.stem || folded.length < 3 || DIGITS.test(folded)) return [folded];
    const first = fold(lang.stem(word) || word);
    const second = lang.stem(folded) || folded;
    return first === second ? [first] : [first, second];
  }

  /* Tokens of a text, in order: {surface, term, cjk, stop, part}. `part` marks the pieces
     of a hyphenated word that also stands joined. CJK runs give their bigrams (and, as
     `single`, their characters). */
  function tokens(code, text) {
    const lang = language(code);
    const out = [];
    const soft = soften(text);
    TOKEN.lastIndex = 0;
    let match, run = 0;
    while ((match = TOKEN.exec(soft))) {
      if (match[1]) {
        const folded = fold(match[1]);
        const inStopWord = stopCharacters(lang, Array.from(folded));
        let offset = 0;
        SCRIPT_RUN.lastIndex = 0;
        let part;
        while ((part = SCRIPT_RUN.exec(folded))) {
          const chars = Array.from(part[0]);
          const stops = inStopWord.slice(offset, offset + chars.length);
          offset += chars.length;
          run += 1;
          cjkTokens(out, chars, stops, run, lang);
        }
        continue;
      }
      const word = match[2].replace(/['\u2019]/g, "");
      const pieces = [].concat.apply([], word.split("-").map(function (piece) { return piece.split(CAMEL); }));
      const whole = pieces.join("");
      if (pieces.length > 1) {
        for (const piece of pieces) out.push(wordToken(lang, piece, true));
      }
      out.push(wordToken(lang, whole, false));
    }
    return out;
  }

  // The characters of one run of one script, and each pair of neighbours.
  function cjkTokens(out, chars, inStopWord, run, lang) {
    for (let i = 0; i < chars.length; i++) {
      out.push({surface: chars[i], term: chars[i], cjk: true, single: true, run: run,
                stop: inStopWord[i] || lang.stop.has(chars[i])});
      if (i + 1 < chars.length) {
        const pair = chars[i] + chars[i + 1];
        out.push({surface: pair, term: pair, cjk: true, single: false, run: run,
                  stop: inStopWord[i] && inStopWord[i + 1]});
      }
    }
  }

  function wordToken(lang, word, part) {
    word = word.toLowerCase();
    const verb = withoutClitics(lang, word);  // usarlo: usar, its terms and, a stop word, its stop
    const terms = termsOf(lang, verb);
    const surface = fold(word);
    const stop = lang.stop.has(surface) || lang.stop.has(fold(verb));
    return {surface: surface, term: terms[0], alt: terms[1] || "", cjk: false, stop: stop, part: part};
  }

  /* Where the words of a text are, in the text as written (for highlighting):
     [start, end, isCJK] in UTF-16 offsets. */
  function words(text) {
    const out = [];
    TOKEN.lastIndex = 0;
    let match;
    while ((match = TOKEN.exec(text))) out.push([match.index, match.index + match[0].length, !!match[1]]);
    return out;
  }

  /* The index terms of a text: what tokens() keeps, stop words and lone CJK characters
     of stop words left out. */
  function terms(code, text) {
    const out = [];
    for (const token of tokens(code, text)) {
      if (token.stop) continue;
      out.push(token.term);
      if (token.alt) out.push(token.alt);
    }
    return out;
  }

  /* A text as the words a synonym key matches on: for each word (or Chinese and Japanese
     character and pair) that is not a stop word, the terms it may stand as. */
  function slots(code, text) {
    const out = [];
    for (const token of tokens(code, text)) {
      if (token.stop || token.part) continue;
      out.push(token.alt ? [token.term, token.alt] : [token.term]);
    }
    return out;
  }

  function slotsJSON(code, texts) {
    return JSON.stringify(texts.map(function (text) { return slots(code, text); }));
  }

  // The shard file of a term: FNV-1a over its code points, modulo the shard count.
  function shardOf(term, count) {
    let hash = 0x811c9dc5;
    for (const ch of term) {
      hash = Math.imul(hash ^ ch.codePointAt(0), 0x01000193) >>> 0;
    }
    return hash % count;
  }

  function shardsJSON(terms, count) {
    return JSON.stringify(terms.map(function (term) { return shardOf(term, count); }));
  }

  // The build's entry point: many texts in one call, answered as JSON.
  function termsJSON(code, texts) {
    return JSON.stringify(texts.map(function (text) { return terms(code, text); }));
  }

  root.kbSearchLanguage = register;
  root.kbAnalyze = {fold: fold, tokens: tokens, words: words, slots: slots, slotsJSON: slotsJSON, terms: terms, termsJSON: termsJSON, language: language,
                    shardOf: shardOf, shardsJSON: shardsJSON};
})(typeof self !== "undefined" ? self : globalThis);
