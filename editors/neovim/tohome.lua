-- tohome in Neovim (0.7 or later, with its built-in LSP client): the findings of `tohome validate`
-- while you type a record, plus hover (K), completion (<C-x><C-o>), quick fixes (<leader>ca),
-- go-to-definition (gd) and symbols.
-- Use: add `dofile("/path/to/the/repository/editors/neovim/tohome.lua")` to your init.lua, or copy
-- this file into ~/.config/nvim/plugin/. Options, before it runs:
--   vim.g.tohome_lang = "en"            -- messages in English (default: Italian)
--   vim.g.tohome_as_of = "2020-06-30"   -- judge the records as of that day (default: today)
--   vim.g.tohome_command = { "tohome", "lsp" }   -- another way to start the server
-- By default the server is the repository's own: .venv/bin/tohome (Windows: .venv\Scripts\tohome.exe).
local clients = {}

local function project_root(file)
  local dir = vim.fn.fnamemodify(file, ":p:h")
  while true do
    if vim.fn.filereadable(dir .. "/config/programme.yaml") == 1 then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return nil
    end
    dir = parent
  end
end

local function command(root)
  if vim.g.tohome_command then
    return vim.g.tohome_command
  end
  for _, candidate in ipairs({ root .. "/.venv/bin/tohome", root .. "/.venv/Scripts/tohome.exe" }) do
    if vim.fn.executable(candidate) == 1 then
      return { candidate, "lsp" }
    end
  end
  return { "tohome", "lsp" }
end

vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  pattern = { "*/records/*.yaml", "*/records/*.yml", "*/records/*/*.yaml", "*/records/*/*.yml" },
  callback = function(args)
    local root = project_root(args.file)
    if root == nil then
      return
    end
    if clients[root] == nil then
      clients[root] = vim.lsp.start_client({
        name = "tohome",
        cmd = command(root),
        root_dir = root,
        init_options = { lang = vim.g.tohome_lang or "it", asOf = vim.g.tohome_as_of or "" },
      })
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
    vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"   -- completion with <C-x><C-o>
    local map = function(keys, action) vim.keymap.set("n", keys, action, { buffer = args.buf }) end
    map("K", vim.lsp.buf.hover)              -- what the field, the code or the finding means
    map("gd", vim.lsp.buf.definition)        -- from M1, H1, O1 to where it is defined
    map("<leader>ca", vim.lsp.buf.code_action)   -- the fixes offered for the finding under the cursor
  end,
})
