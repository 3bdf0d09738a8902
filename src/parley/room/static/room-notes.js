// The room page's notes: those the role may read, each with its author and time.

/** @import { RoomView } from "./types.js" */
import { $, clear, el } from "./common.js";
import { ownParty } from "./room-format.js";

/**
 * The notes the view carries; the note form for every role but an observer.
 * @param {RoomView} view
 */
export function renderNotes(view) {
  const list = $("notes");
  clear(list);
  const notes = view.notes || [];
  for (const note of notes) {
    const item = el("li", null, { class: note.private ? "note private-note" : "note" });
    const author = note.party ? `${note.party}${note.party === ownParty(view) ? " (you)" : ""}` : note.by;
    const when = note.at ? new Date(note.at).toLocaleString() : "";
    const meta = el("div", null, { class: "note-meta" });
    meta.appendChild(el("strong", author));
    meta.appendChild(el("span", ` · ${when}`, { class: "muted" }));
    if (note.private) meta.appendChild(el("span", "private", { class: "badge private" }));
    item.appendChild(meta);
    item.appendChild(el("div", note.text, { class: "note-text" }));
    list.appendChild(item);
  }
  if (!notes.length) list.appendChild(el("li", "No notes yet.", { class: "muted" }));
  $("note-form").hidden = view.role === "observer";
}
