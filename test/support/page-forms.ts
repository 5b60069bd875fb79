/**
 * The form of an answer page as a browser sends it when its button is pressed untouched: the
 * choices that are checked, and what the fields hold. Read from the page's own markup.
 */
export const formAsShown = (html: string): URLSearchParams => {
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]*)"[^>]* checked/g)) form.append(name!, value!);
  for (const [, name, value] of html.matchAll(/<input type="(?:text|date|time)"[^>]* name="([^"]+)"[^>]* value="([^"]*)"/g)) form.append(name!, value!);
  for (const [, name, text] of html.matchAll(/<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) form.append(name!, text!);
  return form;
};
