// swprof: optional enhancements. Every page works without this file.
// - Graph view: the wheel zooms around the pointer, a drag pans, a double click resets.
// - Menus: Escape closes an open menu; opening one closes the others.
// - Flame graph: the search box highlights matching frames as you type
//   (submitting it still asks the server, which also computes "Matched").
// - Flame graph: laid out for the window. The server draws it for the width
//   in the `w` parameter (1200 pixels without one); this sends the width of
//   the page, again after the window is resized.
// - Flame graph: hovering a box shows its name, total, self and shares in a
//   status line at once, and outlines every box of the same function.
//   (Without script, each box keeps its tooltip.)
(function () {
  'use strict';

  // The width the flame graph is drawn for: the content width of <main>.
  function flameWidth() {
    var main = document.querySelector('main');
    var wrap = document.querySelector('.flame-wrap');
    if (!main || !wrap) { return 0; }
    var style = window.getComputedStyle(main);
    var inner = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var w = window.getComputedStyle(wrap);
    var chrome = parseFloat(w.paddingLeft) + parseFloat(w.paddingRight) + parseFloat(w.borderLeftWidth) + parseFloat(w.borderRightWidth);
    return Math.max(320, Math.min(4000, Math.floor((inner - chrome) / 10) * 10));
  }

  function layoutForWindow() {
    if (!document.body.classList.contains('view-flamegraph')) { return; }
    function check() {
      var want = flameWidth();
      if (want === 0) { return; }
      var url = new URL(window.location.href);
      var have = parseInt(url.searchParams.get('w') || '1200', 10);
      if (Math.abs(have - want) < 20) { return; }
      url.searchParams.set('w', String(want));
      window.location.replace(url.toString());
    }
    check();
    var timer = null;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
  }

  // The text of a flame graph box: its <title> lines (name first). The
  // titles move to data-title, so the status line replaces the slow tooltip.
  function boxText(g) {
    if (g.hasAttribute('data-title')) { return g.getAttribute('data-title'); }
    var title = g.querySelector('title');
    var text = title ? title.textContent : '';
    if (title) { title.parentNode.removeChild(title); }
    g.setAttribute('data-title', text);
    return text;
  }

  function flameHover() {
    var status = document.getElementById('flame-status');
    var boxes = document.querySelectorAll('svg.flame g.f');
    if (!status || boxes.length === 0) { return; }
    var byName = {};
    Array.prototype.forEach.call(boxes, function (g) {
      var name = boxText(g).split('\n')[0];
      (byName[name] = byName[name] || []).push(g);
    });
    var lit = [];
    // Shown from the start, so the first hover does not move the picture.
    status.textContent = 'Hover a box: its name, total, self and share of its parent show here.';
    status.hidden = false;
    function show(g) {
      var lines = boxText(g).split('\n');
      status.textContent = lines.join('  ·  ');
      status.hidden = false;
      lit.forEach(function (o) { o.classList.remove('same'); });
      lit = byName[lines[0]] || [];
      lit.forEach(function (o) { o.classList.add('same'); });
    }
    Array.prototype.forEach.call(boxes, function (g) {
      g.addEventListener('mouseenter', function () { show(g); });
      g.addEventListener('focusin', function () { show(g); });
    });
    Array.prototype.forEach.call(document.querySelectorAll('svg.flame'), function (svg) {
      svg.addEventListener('mouseleave', function () {
        lit.forEach(function (o) { o.classList.remove('same'); });
        lit = [];
      });
    });
  }

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
        var name = boxText(g).split('\n')[0];
        g.classList.toggle('m', re !== null && re.test(name));
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('.graph-wrap svg'), panZoom);
    menus();
    layoutForWindow();
    flameHover();
    searchAsYouType();
  });
})();
