/**
 * The Pinterest Tag stand-in served as /ct/core.js. Like the real core.js it replaces the
 * `window.pintrk` stub of Pinterest's base code and replays the stub's queue; instead of calling
 * ct.pinterest.com it reports each call to the emulator. The emulator's absolute URL is baked in,
 * so the page may live on any origin. `setconsent(false)` stops reporting (the setconsent call
 * itself is still reported) until `setconsent(true)`, as the real tag stops sending.
 */
export function tagScript(emulatorUrl: string): string {
  const endpoint = JSON.stringify(`${emulatorUrl}/_emulator/tag`);
  return `/* pinbridge emulator: Pinterest Tag stand-in */
(function () {
  'use strict';
  var w = window;
  if (w.pintrk && w.pintrk.emulator) return;
  var endpoint = ${endpoint};
  var queued = (w.pintrk && w.pintrk.queue) || [];
  var consent = true;

  function report(command, args) {
    var body;
    try {
      var page = w.location ? String(w.location.href) : '';
      body = JSON.stringify({ command: command, args: args, page: page, time: Date.now() });
    } catch (error) {
      return;
    }
    try {
      // text/plain keeps this a CORS "simple" request: no preflight, and keepalive outlives the page.
      w.fetch(endpoint, {
        method: 'POST',
        body: body,
        keepalive: true,
        mode: 'cors',
        headers: { 'Content-Type': 'text/plain' }
      }).catch(function () {});
    } catch (error) {}
  }

  function pintrk() {
    var args = Array.prototype.slice.call(arguments);
    var command = String(args.shift());
    pintrk.calls.push({ command: command, args: args });
    if (command.toLowerCase() === 'setconsent') {
      consent = args[0] !== false;
      report(command, args);
    } else if (consent) {
      report(command, args);
    }
  }

  pintrk.queue = [];
  pintrk.calls = [];
  pintrk.version = '3.0';
  pintrk.emulator = true;
  w.pintrk = pintrk;
  for (var i = 0; i < queued.length; i++) {
    pintrk.apply(null, Array.prototype.slice.call(queued[i]));
  }
})();
`;
}
