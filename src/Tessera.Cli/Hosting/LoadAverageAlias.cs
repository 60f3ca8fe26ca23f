// The CLI's timings record the load average through the one reader in Tessera.Core.
global using LoadAverage = Tessera.Core.Diagnostics.LoadAverage;
