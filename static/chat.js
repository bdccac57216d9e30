// Web chat without reloads: post JSON to the same engine, append replies to the live
// region, keep focus in the message box. Without this script the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var log = document.getElementById("chat-log");
  var box = document.getElementById("chat-text");
  if (!form || !log || !box || !window.fetch) { return; }
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var button = form.querySelector("button");

  // html is the server's escaped reply with tel: and web links (navigator/web/linkify.py)
  function add(who, text, emergency, html, links) {
    var item = document.createElement("li");
    item.className = who + (emergency ? " emergency" : "");
    // a list item cannot be an alert itself: the reply inside it is, announced at once
    var holder = document.createElement("div");
    if (emergency && who !== "resident") { holder.setAttribute("role", "alert"); }
    item.appendChild(holder);
    var label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "resident" ? "You: " : (emergency ? "Urgent: " : "Navigator: ");
    holder.appendChild(label);
    // dir="auto": an Arabic or Urdu reply reads right to left, an English one left to right
    var body = document.createElement("span");
    body.setAttribute("dir", "auto");
    if (html) {
      body.className = "reply-text";
      body.innerHTML = html;
    } else {
      body.textContent = text;
    }
    holder.appendChild(body);
    if (links && links.length) {
      var list = document.createElement("ul");
      list.className = "service-links";
      list.setAttribute("aria-label", "Service websites");
      links.forEach(function (link) {
        var entry = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = link.url;
        anchor.textContent = link.name;
        entry.appendChild(anchor);
        list.appendChild(entry);
      });
      item.appendChild(list);
    }
    log.appendChild(item);
    item.scrollIntoView({block: "nearest"});
  }

  function send(event) {
    event.preventDefault();
    var text = box.value.trim();
    if (!text) { box.focus(); return; }
    button.disabled = true;
    add("resident", text, false);
    box.value = "";
    fetch(form.dataset.api, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      credentials: "same-origin",
      body: JSON.stringify({text: text})
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (result) {
      if (!result.ok) { throw new Error(result.body.error || "failed"); }
      result.body.replies.forEach(function (r) { add("navigator", r.text, r.emergency, r.html, r.links); });
    }).catch(function () {
      add("navigator", "Sorry, that did not send. In an emergency call 999. " +
          "For urgent advice call 111.", true);
    }).finally(function () {
      button.disabled = false;
      box.focus();
    });
  }

  form.addEventListener("submit", send);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { send(event); }
  });
}());
