-- Run by tests/editor/test_neovim.py after editors/neovim/tohome.lua (the set-up the staff guide
-- gives) has attached `tohome lsp` to the open record: it waits for the diagnostics, writes them to
-- a JSON file, then (if asked) replaces one line without saving and writes the diagnostics that follow.
local out = vim.env.TOHOME_NVIM_OUT

local function read()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(found, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
                          message = d.message, source = d.source, code = d.code or lsp.code })
  end
  return found
end

local steps = {}
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local attached = #vim.lsp.buf_get_clients(0)
table.insert(steps, { ok = ok, diagnostics = read(), clients = attached })

local edit = vim.env.TOHOME_NVIM_EDIT and vim.fn.json_decode(vim.env.TOHOME_NVIM_EDIT)
if edit then
  local before = vim.inspect(read())
  vim.api.nvim_buf_set_lines(0, edit.line, edit.line + 1, false, { edit.text })
  ok = vim.wait(60000, function() return vim.inspect(read()) ~= before end, 20)
  table.insert(steps, { ok = ok, diagnostics = read(), modified = vim.bo.modified })
end

local f = io.open(out, "w")
f:write(vim.fn.json_encode(steps))
f:close()
for _, client in ipairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.cmd("qa!")
