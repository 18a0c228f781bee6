/* The messages between a page and the search worker (worker.js), defined once for both: the page
   loads this file before kb.js, the worker with importScripts.

   - SETUP, READY, QUERY, RESULT: Material's own worker protocol, numbered as Material numbers
     them (its search box sends SETUP and QUERY and reads READY and RESULT);
   - FAILURE: ours, the answer to a query the worker could not search (its index is missing or
     unreadable), {query, reason}; Material ignores a type it does not know, kb.js shows it. */
(function (root) {
  "use strict";
  root.kbSearchProtocol = Object.freeze({
    SETUP: 0,
    READY: 1,
    QUERY: 2,
    RESULT: 3,
    FAILURE: "kb-failure"
  });
})(self);
