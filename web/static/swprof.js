// swprof: optional enhancements. Every page works without this file.
// - Graph view: the wheel zooms around the pointer, a drag pans, a double click resets.
// - Menus: Escape closes an open menu; opening one closes the others.
// - Flame graph: the search box highlights matching frames as you type
//   (submitting it still asks the server, which also computes "Matched").
(function () {
  'use strict';

  function panZoom(svg) {
    var base = svg.viewBox && svg.viewBox.baseVal;
    if (!base || base.width === 0) { return; }
    var start = { x: base.x, y: base.y, w: base.width, h: base.height };
    var drag = null, moved = false;
    function box() { var b = svg.viewBox.baseVal; return { x: b.x, y: b.y, w: b.width, h: b.height }; }
    function set(v) { svg.setAttribute('viewBox', v.x + ' ' + v.y + ' ' + v.w + ' ' + v.h); }
    function point(evt) {
      var p = svg.createSVGPoint(); p.x = evt.clientX; p.y = evt.clientY;
      var m = svg.getScreenCTM(); return m ? p.matrixTransform(m.inverse()) : p;
    }
    svg.addEventListener('wheel', function (evt) {
      evt.preventDefault();
      var v = box(), p = point(evt), k = Math.pow(1.0015, evt.deltaY);
      set({ x: p.x - (p.x - v.x) * k, y: p.y - (p.y - v.y) * k, w: v.w * k, h: v.h * k });
    }, { passive: false });
    svg.addEventListener('mousedown', function (evt) {
      if (evt.button !== 0) { return; }
      drag = point(evt); moved = false; evt.preventDefault();
    });
    window.addEventListener('mousemove', function (evt) {
      if (!drag) { return; }
      var p = point(evt), v = box();
      if (Math.abs(p.x - drag.x) + Math.abs(p.y - drag.y) > 1) { moved = true; }
      set({ x: v.x - (p.x - drag.x), y: v.y - (p.y - drag.y), w: v.w, h: v.h });
    });
    window.addEventListener('mouseup', function () { drag = null; });
    // A drag must not follow the link under the pointer.
    svg.addEventListener('click', function (evt) { if (moved) { evt.preventDefault(); moved = false; } }, true);
    svg.addEventListener('dblclick', function () { set(start); });
  }

  function menus() {
    var all = document.querySelectorAll('details.menu');
    Array.prototype.forEach.call(all, function (d) {
      d.addEventListener('toggle', function () {
        if (!d.open) { return; }
        Array.prototype.forEach.call(all, function (o) { if (o !== d) { o.open = false; } });
        var input = d.querySelector('input[type=text]');
        if (input) { input.focus(); }
      });
    });
    document.addEventListener('keydown', function (evt) {
      if (evt.key === 'Escape') { Array.prototype.forEach.call(all, function (o) { o.open = false; }); }
    });
    document.addEventListener('click', function (evt) {
      Array.prototype.forEach.call(all, function (o) { if (o.open && !o.contains(evt.target)) { o.open = false; } });
    });
  }

  function searchAsYouType() {
    var input = document.querySelector('form.search input[name=q]');
    var frames = document.querySelectorAll('svg.flame g.f');
    if (!input || frames.length === 0) { return; }
    input.addEventListener('input', function () {
      var re = null;
      try { re = input.value ? new RegExp(input.value) : null; } catch (e) { return; }
      Array.prototype.forEach.call(document.querySelectorAll('.flame-wrap'), function (w) {
        w.classList.toggle('searching', re !== null);
      });
      Array.prototype.forEach.call(frames, function (g) {
        var title = g.querySelector('title');
        var name = title ? title.textContent.split('\n')[0] : '';
        g.classList.toggle('m', re !== null && re.test(name));
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('.graph-wrap svg'), panZoom);
    menus();
    searchAsYouType();
  });
})();
