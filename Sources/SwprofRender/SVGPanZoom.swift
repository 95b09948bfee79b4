import Foundation
/// Post-processing of Graphviz's SVG for viewing in a browser, as pprof does
/// for `-svg`: the picture fills the window and a small script lets the wheel
/// zoom around the pointer and a drag pan the view (by changing `viewBox`).
///
/// The script is swprof's own; without JavaScript the SVG still shows the
/// whole graph scaled to the window.
public enum SVGPanZoom {
    /// `svg` (as Graphviz writes it) made to fill the window, with the pan/zoom script.
    public static func apply(to svg: String) -> String {
        var text = fixingBareAmpersands(svg)
        guard let open = rootTagRange(in: text) else { return text }
        var tag = String(text[open])
        tag = replacingAttribute("width", with: "100%", in: tag)
        tag = replacingAttribute("height", with: "100%", in: tag)
        // The script goes right after the root tag so that it runs once the
        // root element exists; it waits for the load event to look at the graph.
        text.replaceSubrange(open, with: tag + "\n<script type=\"text/ecmascript\"><![CDATA[\n" + script + "]]></script>\n")
        return text
    }

    /// Graphviz's SVG for inlining into an HTML page: the XML prolog, DOCTYPE
    /// and comments before `<svg` are dropped and the picture scales to its
    /// container (`width="100%"`, height from CSS). No script is added; the
    /// page's own script (web/static) enhances it.
    public static func inlineable(_ svg: String) -> String {
        var text = fixingBareAmpersands(svg)
        if let start = text.range(of: "<svg") {
            text.removeSubrange(text.startIndex..<start.lowerBound)
        }
        if let open = rootTagRange(in: text) {
            var tag = String(text[open])
            tag = replacingAttribute("width", with: "100%", in: tag)
            tag = replacingAttribute("height", with: "100%", in: tag)
            text.replaceSubrange(open, with: tag)
        }
        return text
    }

    /// Some Graphviz versions write `&;` for a lone ampersand, which is not
    /// well-formed XML; pprof repairs it the same way.
    static func fixingBareAmpersands(_ svg: String) -> String {
        svg.replacingOccurrences(of: "&;", with: "&amp;;")
    }

    /// The range of the root `<svg …>` start tag.
    static func rootTagRange(in text: String) -> Range<String.Index>? {
        guard let start = text.range(of: "<svg"),
            let end = text.range(of: ">", range: start.upperBound..<text.endIndex)
        else { return nil }
        return start.lowerBound..<end.upperBound
    }

    /// `tag` with attribute `name` set to `value` (added when absent).
    static func replacingAttribute(_ name: String, with value: String, in tag: String) -> String {
        let needle = " \(name)=\""
        if let start = tag.range(of: needle),
            let close = tag.range(of: "\"", range: start.upperBound..<tag.endIndex)
        {
            return tag.replacingCharacters(in: start.upperBound..<close.lowerBound, with: value)
        }
        if let insert = tag.range(of: "<svg") {
            return tag.replacingCharacters(in: insert, with: "<svg\(needle)\(value)\"")
        }
        return tag
    }

    /// Wheel zooms around the pointer, drag pans, double click resets.
    /// Works on the SVG root that contains the script.
    static let script = """
        (function () {
          var svg = (document.currentScript && document.currentScript.ownerSVGElement) || document.documentElement;
          var start = null, view = null, drag = null;
          function box() { var b = svg.viewBox.baseVal; return { x: b.x, y: b.y, w: b.width, h: b.height }; }
          function set(v) { svg.setAttribute('viewBox', v.x + ' ' + v.y + ' ' + v.w + ' ' + v.h); }
          function point(evt) {
            var p = svg.createSVGPoint(); p.x = evt.clientX; p.y = evt.clientY;
            var m = svg.getScreenCTM(); return m ? p.matrixTransform(m.inverse()) : p;
          }
          function init() {
            if (!svg.viewBox || !svg.viewBox.baseVal || svg.viewBox.baseVal.width === 0) { return; }
            start = box();
            svg.addEventListener('wheel', function (evt) {
              evt.preventDefault();
              var v = box(), p = point(evt);
              var k = Math.pow(1.0015, evt.deltaY);
              set({ x: p.x - (p.x - v.x) * k, y: p.y - (p.y - v.y) * k, w: v.w * k, h: v.h * k });
            }, { passive: false });
            svg.addEventListener('mousedown', function (evt) {
              if (evt.button !== 0) { return; }
              drag = { p: point(evt), v: box() };
            });
            window.addEventListener('mousemove', function (evt) {
              if (!drag) { return; }
              var p = point(evt), v = box();
              set({ x: v.x - (p.x - drag.p.x), y: v.y - (p.y - drag.p.y), w: v.w, h: v.h });
            });
            window.addEventListener('mouseup', function () { drag = null; });
            svg.addEventListener('dblclick', function () { set(start); });
          }
          if (document.readyState === 'loading') { window.addEventListener('load', init); } else { init(); }
        })();

        """
}
