#!/usr/bin/env node
// The `pigeon` command. The CLI is TypeScript run as is: tsx compiles each file as it is loaded,
// so there is no build step. The import is dynamic so that it happens after the hook is in place.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
