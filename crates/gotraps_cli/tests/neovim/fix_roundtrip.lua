-- Driven by tests/server_neovim.rs: Neovim's own LSP client starts `gotraps server`,
-- opens a Go file with a trap, waits for the diagnostic, applies the quick fix offered
-- as a code action and waits for the diagnostic to go away. Every step is written to
-- $RESULT; the exit code says whether all of them held.
-- Works with Neovim 0.7 (Debian bookworm) and later: start_client + buf_attach_client.

local out = {}
local function say(line)
  table.insert(out, line)
  vim.fn.writefile(out, os.getenv('RESULT'))
end
local function fail(why)
  say('FAIL ' .. why)
  vim.cmd('cquit 1')
end

local file = os.getenv('GO_FILE')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'gotraps',
  cmd = { os.getenv('GOTRAPS_BIN'), 'server' },
  root_dir = os.getenv('ROOT'),
  flags = { debounce_text_changes = 20 },
})
if not client_id then return fail('client did not start') end
vim.lsp.buf_attach_client(buf, client_id)

local function gotraps_diagnostics()
  return vim.diagnostic.get(buf)
end
if not vim.wait(60000, function() return #gotraps_diagnostics() > 0 end, 50) then
  return fail('no diagnostics for the trap')
end
local found = gotraps_diagnostics()
for _, d in ipairs(found) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  say(string.format('diagnostic %s line %d: %s', tostring(code), d.lnum + 1, d.message:gsub('\n.*', '')))
end

-- Ask for the code actions at the first finding and apply the quick fix.
local d = found[1]
local range = {
  start = { line = d.lnum, character = d.col },
  ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
}
local lsp_diagnostic = {
  range = range, message = d.message, severity = d.severity,
  code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), source = d.source,
}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = range,
  context = { diagnostics = { lsp_diagnostic } },
}, 30000)
local applied = nil
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    if not applied and action.kind == 'quickfix' and action.edit then
      local client = vim.lsp.get_client_by_id(client_id)
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      applied = action.title
    end
  end
end
if not applied then return fail('no quick fix offered') end
say('applied ' .. applied)
say('line ' .. (d.lnum + 1) .. ' now: ' .. vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1])

if not vim.wait(60000, function() return #gotraps_diagnostics() == 0 end, 50) then
  return fail('diagnostics still there after the fix: ' .. #gotraps_diagnostics())
end
say('diagnostics cleared')

-- Saved, the file is checked from disk; it stays clean.
vim.cmd('write')
vim.wait(1000, function() return false end, 50)
if #gotraps_diagnostics() ~= 0 then return fail('diagnostics came back after saving') end
say('clean after save')
say('OK')
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.tbl_isempty(vim.lsp.get_active_clients()) end, 50)
vim.cmd('qall!')
