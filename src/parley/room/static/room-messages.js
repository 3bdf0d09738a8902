// The room page's message channels: the table (everyone reads it), a delegation's caucus with its
// principal, and the mediator's line to each delegation. The server sends only the channels this role
// may read; the form offers only those it may write.

/** @import { MessagesView, Package, RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { label } from "./room-format.js";

/** How a channel is named on the page. @param {string} channel */
export function channelName(channel) {
  if (channel === "table") return "the table (everyone)";
  const [line, party] = channel.split(":");
  return line === "caucus" ? `caucus: ${party}'s delegation and principal` : `mediator ↔ ${party}`;
}

/**
 * Who sent a message, in words: a delegation by its party, a principal as its party's.
 * @param {string} role
 * @param {string | null} party
 */
export function senderName(role, party) {
  if (role === "principal") return `${party}'s principal`;
  if (role === "delegation") return `${party}'s delegation`;
  return role === "mediator" ? "the mediator" : "the facilitator";
}

/**
 * The messages this role may read, oldest first, and the send form over the channels it may write.
 * @param {MessagesView} messages
 * @param {RoomView} view
 */
export function renderMessages(messages, view, load = /** @type {(pkg: Package) => void} */ (() => {})) {
  const list = $("messages");
  clear(list);
  for (const message of messages.messages) {
    const item = el("li", null, { class: "note", "data-channel": message.channel });
    const meta = el("div", null, { class: "note-meta" });
    const own = message.by === view.role && (message.party || null) === (view.party || view.name || null);
    meta.appendChild(el("strong", `${senderName(message.by, message.party)}${own ? " (you)" : ""}`));
    meta.appendChild(el("span", ` · ${new Date(message.at).toLocaleString()}`, { class: "muted" }));
    meta.appendChild(el("span", channelName(message.channel), { class: "badge" }));
    item.appendChild(meta);
    item.appendChild(el("div", message.text, { class: "note-text" }));
    const proposed = message.package;
    if (proposed) {
      const terms = Object.entries(proposed).map(([issue, value]) => `${label(issue)}: ${label(value)}`);
      const line = el("div", `Proposes: ${terms.join(" · ")}`, { class: "proposal", "data-testid": "proposal" });
      if (!$("builder-panel").hidden) {
        const button = el("button", "load into the builder", { type: "button", class: "link-button" });
        button.addEventListener("click", () => load(proposed));
        line.append(" ", button);
      }
      item.appendChild(line);
    }
    list.appendChild(item);
  }
  if (!messages.messages.length) list.appendChild(el("li", "No messages yet.", { class: "muted" }));
  const select = $("message-channel", HTMLSelectElement);
  const chosen = select.value;
  clear(select);
  for (const channel of messages.writable) select.appendChild(el("option", channelName(channel), { value: channel }));
  if (messages.writable.includes(chosen)) select.value = chosen;
  $("message-form").hidden = messages.writable.length === 0;
  $("message-attach-box").hidden = $("builder-panel").hidden; // a package to propose comes from the builder
}
