// The rich-text editor for protocol text: django-prose-editor's module, loaded from static (no CDN, no inline
// script). Without JavaScript the plain textareas stay, and the server turns their paragraphs into HTML.
import {
  Bold, BulletList, Document, Editor, HardBreak, Heading, History, Italic, Link, ListItem, Menu, OrderedList,
  Paragraph, Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../django_prose_editor/editor.js";

// Sub-headings at h3 and h4 only (the sanitiser keeps those; the protocol shifts them below its own headings),
// and tables (a budget's figures), as in the one-document editor.
const extensions = [Document, Paragraph, Text, HardBreak, History, Menu, Bold, Italic, Underline, BulletList,
  OrderedList, ListItem, Link, Heading.configure({ levels: [3, 4] }), Table, TableRow, TableHeader, TableCell];
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

// Like the package's createTextareaEditor, but with injectCSS off: the CSP forbids injected <style> elements,
// so the few ProseMirror base rules live in meetings.css instead.
function createEditor(textarea) {
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    editable: !textarea.hasAttribute("disabled"),
    extensions,
    content: textarea.value,
    injectCSS: false,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
      // htmx listens for input on the form and autosaves a second after the last keystroke.
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

for (const textarea of document.querySelectorAll("textarea[data-rich-text]")) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const editor = createEditor(textarea);
  // The editable area is what keyboard and screen-reader users land on; give it the field's name.
  const dom = editor.view.dom;
  dom.setAttribute("role", "textbox");
  dom.setAttribute("aria-multiline", "true");
  if (label) dom.setAttribute("aria-label", label.textContent.replace(/\(.*\)/, "").trim());
}
