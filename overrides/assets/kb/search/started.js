/* Material starts its search worker while its bundle runs, and keeps it to itself. Loaded before the
   bundle, this file notes each worker started until kb.js asks for them (kbStartedWorkers), each
   with its address, so that kb.js can listen to what the search worker answers; the browser's
   Worker is put back then. */
(function (root) {
  "use strict";
  var Native = root.Worker;
  if (typeof Native !== "function") return;
  var started = [];
  function Noted(url, options) {
    var worker = new Native(url, options);
    started.push({ url: String(url), worker: worker });
    return worker;
  }
  Noted.prototype = Native.prototype;
  root.Worker = Noted;
  root.kbStartedWorkers = function () {
    root.Worker = Native;
    return started;
  };
})(self);
