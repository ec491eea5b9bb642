/* The assessment map's behaviour: pins, boundary, legend and the bridge to Python.
 *
 * Served from the app's own `app:` URL scheme; nothing here reaches the network.
 * All user text (labels, notes) is put into the page with textContent, never as
 * HTML, so a label like <script>alert(1)</script> shows literally and runs nothing.
 *
 * Python -> page: LAT.setPins(list), LAT.putPin(pin), LAT.setBoundary(points), LAT.setDraft(points),
 * LAT.select(id), LAT.setMode(mode), LAT.setOverlay(overlay). Page -> Python (QWebChannel
 * object "bridge"): mapClicked(lat, lon), pinClicked(id), pinMoved(id, lat, lon), pageReady(count).
 *
 * The map itself (view, scale bar, picture tiles) is made by folium's script in the page; this
 * script finds it by the name the app sends (data.mapVar) once the page has loaded.
 * Vector tiles are drawn by protomaps-leaflet (window.protomapsL, loaded only for a vector map)
 * with paint rules built from the style the app sends (the same rules the printed report uses).
 * Pins are drawn in their category's shape (SVG from the outline the app sends) and colour.
 */
"use strict";

var LAT = (function () {
  var data = JSON.parse(document.getElementById("lat-data").textContent);
  var map = null;
  var bridge = null;
  var markers = {};
  var pins = [];
  var selected = null;
  var boundaryLayer = null;
  var draftLayer = null;
  var mode = "pin";
  var rendered = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgNode(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function polygonPoints(outline, scale) {
    return outline.map(function (p) { return (Number(p[0]) * scale).toFixed(3) + "," + (Number(p[1]) * scale).toFixed(3); }).join(" ");
  }

  /* A pin in its category's shape: a circle is a styled div; other shapes are a small SVG picture behind
   * the pin's number. The markup holds only the category's colours and outline, which the app checks
   * (#rrggbb, numbers); no user text ever goes into it. */
  var COLOUR = /^#[0-9a-fA-F]{6}$/;

  function safeColour(value) {
    return COLOUR.test(value) ? value : "#57606a";
  }

  /* The shape's picture (no number) as a data: URL, white-edged, or yellow-edged when selected. */
  function shapePicture(pin, isSelected) {
    var svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="-20 -20 40 40">' +
      '<polygon points="' + polygonPoints(pin.outline, 14.5) + '" fill="' + (isSelected ? "#ffd60a" : "#ffffff") +
      '" stroke="#000000" stroke-opacity="0.6" stroke-width="1"/>' +
      '<polygon points="' + polygonPoints(pin.outline, 12) + '" fill="' + safeColour(pin.colour) + '" stroke="#1e1e1e" stroke-width="1"/>' +
      "</svg>";
    return "data:image/svg+xml," + encodeURIComponent(svg);
  }

  /* One style rule per category and selection (a category looks the same for all its pins): 1,000 pins are
     1,000 small boxes sharing a few decoded pictures, not 1,000 pieces of SVG to lay out and paint. */
  var iconClasses = {};
  var iconStyle = null;

  function iconClass(pin, isSelected) {
    var key = pin.category + (isSelected ? "|selected" : "");
    if (iconClasses[key]) return iconClasses[key];
    var name = "lat-pin-look-" + Object.keys(iconClasses).length;
    var ink = safeColour(pin.text_colour);
    var rule;
    if (!pin.outline || !pin.outline.length) {
      rule = "background:" + safeColour(pin.colour) + ";color:" + ink + ";";
    } else {
      var shift = pin.shape === "triangle" ? "padding-top:5px;" : pin.shape === "triangle_down" ? "padding-bottom:5px;" : "";
      rule = 'background-image:url("' + shapePicture(pin, isSelected) + '");color:' + ink + ";" + shift;
    }
    if (!iconStyle) iconStyle = document.head.appendChild(document.createElement("style"));
    iconStyle.sheet.insertRule("." + name + "{" + rule + "}", iconStyle.sheet.cssRules.length);
    iconClasses[key] = name;
    return name;
  }

  function pinIcon(pin, isSelected) {
    var circle = !pin.outline || !pin.outline.length;
    var look = (circle ? "lat-pin" : "lat-pin-shape") + (isSelected ? " lat-pin-selected " : " ") + iconClass(pin, isSelected);
    return L.divIcon({
      html: String(Number(pin.number)),
      className: "lat-pin-wrap " + look,
      iconSize: circle ? [28, 28] : [40, 40],
      iconAnchor: circle ? [14, 14] : [20, 20],
    });
  }

  function tooltipFor(pin) {
    var box = el("div", "lat-tip");
    box.appendChild(el("b", null, pin.number + ". " + (pin.label || pin.category_label)));
    box.appendChild(el("div", "lat-tip-category", pin.category_label));
    if (pin.carried) box.appendChild(el("div", "lat-tip-category", "(carried forward)"));
    return box;
  }

  /* Pins go on the map in one layer; a tooltip's text is built when first needed (1,000 pins stay quick). */
  var pinLayer = null;

  function makeMarker(pin) {
    var marker = L.marker([pin.lat, pin.lon], {
      icon: pinIcon(pin, pin.id === selected),
      draggable: true,
      keyboard: true,
      // No `title`: QtWebEngine shows titles as Qt tooltips, which render HTML. The Leaflet tooltip is safe text.
      alt: pin.number + ". " + (pin.label || pin.category_label),
      riseOnHover: true,
    });
    marker.bindTooltip(function () { return tooltipFor(pinById(pin.id) || pin); }, { direction: "top", offset: [0, -14] });
    marker.on("click", function () { if (bridge) bridge.pinClicked(pin.id); });
    marker.on("dragend", function () {
      var p = marker.getLatLng();
      if (bridge) bridge.pinMoved(pin.id, p.lat, p.lng);
    });
    markers[pin.id] = marker;
    return marker;
  }

  function pinsRendered() {
    fillLegend();
    rendered += 1;
    document.body.setAttribute("data-pins-rendered", String(rendered));
  }

  function setPins(list) {
    if (pinLayer) map.removeLayer(pinLayer);
    markers = {};
    pins = list;
    pinLayer = L.layerGroup(list.map(makeMarker)).addTo(map);
    pinsRendered();
  }

  /* One pin saved: its marker alone is made again (or added); the other pins stay as they are. */
  function putPin(pin) {
    var at = pins.map(function (p) { return p.id; }).indexOf(pin.id);
    if (at < 0) pins.push(pin); else pins[at] = pin;
    if (markers[pin.id]) pinLayer.removeLayer(markers[pin.id]);
    pinLayer.addLayer(makeMarker(pin));
    pinsRendered();
  }

  function pinById(id) {
    return pins.filter(function (pin) { return pin.id === id; })[0];
  }

  /* Only the pins whose selection changes get a new icon. */
  function select(id, pan) {
    var before = selected;
    selected = id;
    [before, id].forEach(function (changed) {
      var pin = changed ? pinById(changed) : null;
      if (pin && markers[pin.id]) markers[pin.id].setIcon(pinIcon(pin, pin.id === id));
    });
    if (id && markers[id] && pan && !map.getBounds().contains(markers[id].getLatLng())) {
      map.panTo(markers[id].getLatLng(), { animate: false });
    }
  }

  function setBoundary(points) {
    if (boundaryLayer) map.removeLayer(boundaryLayer);
    boundaryLayer = null;
    if (points && points.length >= 3) {
      boundaryLayer = L.polygon(points, { color: "#1a5fb4", weight: 3, fillOpacity: 0.12, interactive: false });
      boundaryLayer.addTo(map);
    }
    fillLegend();
  }

  function setDraft(points) {
    if (draftLayer) map.removeLayer(draftLayer);
    draftLayer = null;
    if (points && points.length) {
      draftLayer = L.polyline(points.concat(points.length > 2 ? [points[0]] : []), {
        color: "#c01c28", weight: 3, dashArray: "6 6", interactive: false,
      });
      draftLayer.addTo(map);
    }
  }

  function setMode(value) {
    mode = value;
    map.getContainer().style.cursor = value === "none" ? "" : "crosshair";
  }

  var legendBox = null;
  /* Open unless the user folded it: on a small screen the open legend can cover pins (issue 16). */
  var legendOpen = true;

  /* The legend lists the categories in use, grouped by triangle side, and the boundary.
     Its heading is a button that folds it away and opens it again. */
  function fillLegend() {
    if (!legendBox) return;
    legendBox.textContent = "";
    var heading = el("button", "lat-legend-toggle", legendOpen ? "Legend \u25BE" : "Legend \u25B8");
    heading.type = "button";
    heading.setAttribute("aria-expanded", legendOpen ? "true" : "false");
    heading.title = legendOpen ? "Fold the legend away (it may cover pins)" : "Show the legend";
    heading.addEventListener("click", function () {
      legendOpen = !legendOpen;
      fillLegend();
    });
    legendBox.appendChild(heading);
    if (!legendOpen) return;
    if (boundaryLayer) {
      var row = el("div", "lat-legend-row");
      row.appendChild(el("span", "lat-legend-area"));
      row.appendChild(el("span", null, "Boundary of the place"));
      legendBox.appendChild(row);
    }
    var seen = {};
    var groups = [];
    pins.forEach(function (pin) {
      if (seen[pin.category]) return;
      seen[pin.category] = true;
      var group = groups.filter(function (g) { return g.side === pin.side_title; })[0];
      if (!group) { group = { side: pin.side_title, items: [] }; groups.push(group); }
      group.items.push(pin);
    });
    groups.forEach(function (group) {
      legendBox.appendChild(el("div", "lat-legend-side", group.side));
      group.items.forEach(function (item) {
        var row = el("div", "lat-legend-row");
        if (item.outline && item.outline.length) {
          var mark = svgNode("svg", { width: 18, height: 18, viewBox: "-9 -9 18 18" });
          mark.appendChild(svgNode("polygon", { points: polygonPoints(item.outline, 6.5), fill: item.colour, stroke: "#1e1e1e", "stroke-width": 0.8 }));
          row.appendChild(mark);
        } else {
          var dot = el("span", "lat-legend-dot", item.symbol);
          dot.style.background = item.colour;
          dot.style.color = item.text_colour;
          row.appendChild(dot);
        }
        row.appendChild(el("span", null, item.category_label));
        legendBox.appendChild(row);
      });
    });
    if (!groups.length) legendBox.appendChild(el("div", "lat-legend-empty", "No pins yet."));
  }

  function addLegend() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      legendBox = el("div", "lat-legend");
      legendBox.setAttribute("aria-label", "Legend");
      L.DomEvent.disableClickPropagation(legendBox);
      L.DomEvent.disableScrollPropagation(legendBox);
      fillLegend();
      return legendBox;
    };
    legend.addTo(map);
  }

  function addNotice(text) {
    var notice = L.control({ position: "topright" });
    notice.onAdd = function () {
      var box = el("div", "lat-notice", text);
      box.setAttribute("role", "status");
      return box;
    };
    notice.addTo(map);
  }

  /* Text for places where Leaflet expects HTML (attribution, layer names): escaped, never markup. */
  function escapeHtml(text) {
    var box = document.createElement("div");
    box.textContent = String(text);
    return box.innerHTML;
  }

  function widthAt(width, zoom, reference) {
    return Math.max(0.6, width * Math.pow(2, (zoom - reference) * 0.7));
  }

  function matcher(rule) {
    if (!rule.key) return undefined;
    return function (zoom, feature) {
      var hit = rule.values.indexOf(String(feature.props[rule.key])) >= 0;
      return hit !== rule.exclude;
    };
  }

  /* The vector background: protomaps-leaflet paint rules built from the app's style. */
  function addVector(vector) {
    var P = window.protomapsL;
    if (!vector || !P) return;
    var style = vector.style;
    var paintRules = [];
    style.rules.forEach(function (rule) {
      rule.layers.forEach(function (layer) {
        var symbolizer = rule.kind === "fill"
          ? new P.PolygonSymbolizer({ fill: rule.colour, stroke: rule.outline || rule.colour, width: rule.outline ? 0.6 : 0 })
          : new P.LineSymbolizer({
              color: rule.colour,
              width: function (zoom) { return widthAt(rule.width, zoom, style.referenceZoom); },
              lineCap: "round",
              lineJoin: "round",
            });
        paintRules.push({ dataLayer: layer, symbolizer: symbolizer, filter: matcher(rule), minzoom: rule.minZoom });
      });
    });
    var labelRules = [];
    style.labels.forEach(function (rule) {
      rule.layers.forEach(function (layer) {
        labelRules.push({
          dataLayer: layer,
          minzoom: rule.minZoom,
          filter: matcher(rule),
          symbolizer: new P.LineLabelSymbolizer({
            labelProps: rule.fields, fill: rule.colour, stroke: rule.halo, width: 3,
            font: "600 12px sans-serif", position: P.LineLabelPlacement ? P.LineLabelPlacement.Center : undefined,
          }),
        });
      });
    });
    var layer = P.leafletLayer({
      url: vector.url,
      paintRules: paintRules,
      labelRules: labelRules,
      backgroundColor: style.background,
      maxDataZoom: vector.maxZoom,
      attribution: escapeHtml(vector.attribution),
    });
    layer.addTo(map);
  }

  /* Grey over everything outside the imported map, and words while the view is outside it. */
  function watchCoverage(bounds, text) {
    if (!bounds) return;
    var area = L.latLngBounds(bounds);
    var world = [[-85, -180], [-85, 180], [85, 180], [85, -180]];
    var inner = [area.getSouthWest(), area.getNorthWest(), area.getNorthEast(), area.getSouthEast()];
    L.polygon([world, inner], { stroke: false, fillColor: "#7a7a7a", fillOpacity: 0.35, interactive: false }).addTo(map);
    var box = null;
    function check() {
      var outside = !area.contains(map.getCenter());
      if (outside && !box) {
        box = L.control({ position: "topright" });
        box.onAdd = function () {
          var node = el("div", "lat-notice lat-outside", text);
          node.setAttribute("role", "status");
          return node;
        };
        box.addTo(map);
      } else if (!outside && box) {
        map.removeControl(box);
        box = null;
      }
      document.body.setAttribute("data-outside", outside ? "1" : "0");
    }
    map.on("moveend", check);
    check();
  }

  var overlayGroups = {};
  var layerControl = null;
  var OVERLAY_COLOURS = { crime: "#5b2a86", safe: "#1a7f37", unsafe: "#cf222e", avoid: "#1e1e1e", route: "#0969da" };

  /* An overlay the user switches on and off: police records or safety-mapping marks. */
  function setOverlay(overlay) {
    var old = overlayGroups[overlay.id];
    var wasShown = old ? map.hasLayer(old) : overlay.shown;
    if (old) {
      map.removeLayer(old);
      if (layerControl) layerControl.removeLayer(old);
    }
    var group = L.layerGroup();
    (overlay.lines || []).forEach(function (line) {
      var colour = OVERLAY_COLOURS[line.kind] || "#444";
      var drawn = L.polyline(line.points, { color: colour, weight: 4, dashArray: "8 6", interactive: true });
      drawn.bindTooltip(el("div", "lat-tip", line.text));
      group.addLayer(drawn);
    });
    (overlay.points || []).forEach(function (point) {
      var colour = OVERLAY_COLOURS[point.kind] || "#444";
      var radius = 5 + Math.min(14, Math.sqrt(point.count || 1) * 2.5);
      var dot = L.circleMarker([point.lat, point.lon], {
        radius: radius, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 0.8,
      });
      dot.bindTooltip(el("div", "lat-tip", point.text));
      group.addLayer(dot);
    });
    overlayGroups[overlay.id] = group;
    if (!layerControl) layerControl = L.control.layers(null, null, { collapsed: false, position: "topleft" }).addTo(map);
    layerControl.addOverlay(group, escapeHtml(overlay.title));
    if (wasShown) group.addTo(map);
  }

  function start() {
    map = window[data.mapVar];  /* made by folium's script: view, scale bar, picture tiles */
    if (!data.hasTiles) map.getContainer().classList.add("lat-no-tiles");
    addVector(data.vector);
    watchCoverage(data.tileBounds, data.outsideNotice);
    addLegend();
    if (data.notice) addNotice(data.notice);
    (data.overlays || []).forEach(setOverlay);
    setBoundary(data.boundary);
    setDraft(data.draft);
    setPins(data.pins);
    setMode(data.mode || "pin");
    map.on("click", function (event) {
      if (bridge && mode !== "none") bridge.mapClicked(event.latlng.lat, event.latlng.lng);
    });
    if (window.qt && window.qt.webChannelTransport && window.QWebChannel) {
      new QWebChannel(window.qt.webChannelTransport, function (channel) {
        bridge = channel.objects.bridge;
        bridge.pageReady(pins.length);
      });
    }
  }

  window.addEventListener("load", start);

  return {
    setPins: setPins,
    putPin: putPin,
    select: function (id) { select(id, true); },
    setBoundary: setBoundary,
    setDraft: setDraft,
    setMode: setMode,
    setOverlay: setOverlay,
    /* For tests and checks: what the page shows. */
    overlayShown: function (id) { return Boolean(overlayGroups[id] && map.hasLayer(overlayGroups[id])); },
    overlaySize: function (id) { return overlayGroups[id] ? overlayGroups[id].getLayers().length : -1; },
    shownPins: function () {
      return pins.map(function (pin) {
        var p = markers[pin.id].getLatLng();
        return { id: pin.id, lat: p.lat, lon: p.lng, label: pin.label };
      });
    },
    tooltipText: function (id) {
      var content = markers[id].getTooltip().getContent();
      return (typeof content === "function" ? content(markers[id]) : content).textContent;
    },
    selected: function () { return selected; },
    map: function () { return map; },
  };
})();
