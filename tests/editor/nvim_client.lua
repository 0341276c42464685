-- Neovim's own LSP client (built in since 0.5) driving `tohome lsp`, as a case manager's editor does:
-- run by tests/editor/test_neovim.py as `nvim --headless --clean FILE -c "luafile nvim_client.lua"`.
-- It attaches the server to the open record, waits for the diagnostics, writes them to a JSON file,
-- then (if asked) replaces one line without saving and writes the diagnostics that follow.
local out = vim.env.TOHOME_NVIM_OUT
local client_id = vim.lsp.start_client({
  name = "tohome",
  cmd = vim.fn.json_decode(vim.env.TOHOME_LSP_CMD),
  root_dir = vim.env.TOHOME_ROOT,
  init_options = { lang = vim.env.TOHOME_LSP_LANG },
})
vim.lsp.buf_attach_client(0, client_id)

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
table.insert(steps, { ok = ok, diagnostics = read() })

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
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
