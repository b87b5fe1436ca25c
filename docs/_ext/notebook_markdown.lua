-- A pandoc filter for the gallery's notebooks: Sphinx's reST markup, which pandoc
-- does not know, becomes plain Markdown that Jupyter renders.
--
-- * Cross-references (:func:, :class:, :ref:, :doc:, :term:, ...) become links to a
--   placeholder address, "sphinx:<kind>:<target>"; once Sphinx has read every
--   page, notebook_links.resolve_notebook_links replaces each with the page's
--   address on the site (or with its text alone, where the site's address is
--   unknown).
-- * Admonitions (note, tip, warning, ...) become block quotes opened by their title.
-- * Field lists (":Assumes: ...") become a paragraph opened by the field's name.

local PYTHON_ROLES = {
  func = true, class = true, meth = true, attr = true, data = true,
  mod = true, obj = true, exc = true, const = true,
}
local ADMONITIONS = {
  note = "Note", tip = "Tip", hint = "Hint", important = "Important",
  warning = "Warning", caution = "Caution", attention = "Attention",
  seealso = "See also", danger = "Danger", error = "Error",
}

-- "title <target>" or "target", as reST writes a reference's text.
local function split_reference(text)
  local title, target = text:match("^(.-)%s*<([^<>]+)>$")
  if target then
    return title, target
  end
  return nil, text
end

function Code(element)
  local role = element.attributes["role"]
  if role == nil then
    return nil
  end
  local text = element.text
  local title, target = split_reference(text)
  if PYTHON_ROLES[role] then
    local shown = title
    if shown == nil then
      target = target:gsub("^[~.]+", "")
      shown = text:sub(1, 1) == "~" and target:match("([^.]+)$") or target
    end
    return pandoc.Link({ pandoc.Code(shown) }, "sphinx:py:" .. target)
  end
  if role == "term" then
    -- A glossary term: its text, linked to its entry in the site's glossary.
    return pandoc.Link(title or target, "sphinx:term:" .. target)
  end
  if role == "ref" or role == "doc" then
    -- An empty text asks the resolver for the target's own title.
    return pandoc.Link(title or "", "sphinx:" .. role .. ":" .. target)
  end
  -- Any other role: its text, as code.
  return pandoc.Code(title or text)
end

function Div(element)
  local name = ADMONITIONS[element.classes[1]]
  if name == nil then
    return nil
  end
  local content = {}
  local heading = name
  for _, block in ipairs(element.content) do
    if block.t == "Div" and block.classes[1] == "title" then
      heading = pandoc.utils.stringify(block)
    else
      table.insert(content, block)
    end
  end
  local opening = pandoc.Para({ pandoc.Strong(heading .. ".") })
  table.insert(content, 1, opening)
  return pandoc.BlockQuote(content)
end

function DefinitionList(element)
  local blocks = {}
  for _, item in ipairs(element.content) do
    local term, definitions = item[1], item[2]
    for _, definition in ipairs(definitions) do
      local first = definition[1]
      local opening = { pandoc.Strong(pandoc.utils.stringify(term) .. ":"), pandoc.Space() }
      if first ~= nil and (first.t == "Para" or first.t == "Plain") then
        for _, inline in ipairs(first.content) do
          table.insert(opening, inline)
        end
        table.insert(blocks, pandoc.Para(opening))
        for index = 2, #definition do
          table.insert(blocks, definition[index])
        end
      else
        table.insert(blocks, pandoc.Para(opening))
        for _, block in ipairs(definition) do
          table.insert(blocks, block)
        end
      end
    end
  end
  return blocks
end
