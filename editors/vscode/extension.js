// The smallest VS Code extension for `tohome lsp`: it starts the server of the repository's own
// toolkit for the records (records/**/*.yaml) and passes the `tohome.*` settings on. Everything else
// (diagnostics, hover, completion, quick fixes, symbols) is the server's.
"use strict";

const fs = require("fs");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function serverCommand(folder) {
  const configured = vscode.workspace.getConfiguration("tohome").get("command");
  if (Array.isArray(configured) && configured.length > 0) {
    return configured;
  }
  const installed = process.platform === "win32"
    ? path.join(folder, ".venv", "Scripts", "tohome.exe")
    : path.join(folder, ".venv", "bin", "tohome");
  return [fs.existsSync(installed) ? installed : "tohome", "lsp"];
}

async function activate(context) {
  const folders = vscode.workspace.workspaceFolders;
  if (!folders || folders.length === 0) {
    return;
  }
  const folder = folders[0].uri.fsPath;
  const [command, ...args] = serverCommand(folder);
  const settings = vscode.workspace.getConfiguration("tohome");
  client = new LanguageClient(
    "tohome",
    "tohome",
    { command, args, options: { cwd: folder } },
    {
      documentSelector: [{ scheme: "file", language: "yaml", pattern: "**/records/**/*.{yaml,yml}" }],
      initializationOptions: { lang: settings.get("lang"), asOf: settings.get("asOf") },
      synchronize: { configurationSection: "tohome" },
    },
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
