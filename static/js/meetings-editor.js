// The rich-text editor for protocol text: django-prose-editor's module, loaded from static (no CDN, no inline
// script). Without JavaScript the plain textareas stay, and the server turns their paragraphs into HTML.
import {
  Bold, BulletList, Document, HardBreak, History, Italic, Link, ListItem, Menu, OrderedList, Paragraph, Text,
  Underline, createTextareaEditor,
} from "../django_prose_editor/editor.js";

const extensions = [Document, Paragraph, Text, HardBreak, History, Menu, Bold, Italic, Underline, BulletList,
  OrderedList, ListItem, Link];

for (const textarea of document.querySelectorAll("textarea[data-rich-text]")) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const editor = createTextareaEditor(textarea, extensions);
  // The editable area is what keyboard and screen-reader users land on; give it the field's name.
  const dom = editor.view.dom;
  dom.setAttribute("role", "textbox");
  dom.setAttribute("aria-multiline", "true");
  if (label) dom.setAttribute("aria-label", label.textContent.replace("(obligatoriskt)", "").trim());
  dom.dataset.field = textarea.name;
}
