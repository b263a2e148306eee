//! The examples of `actions.yaml` (generated together by tools/gen_meta.py): each
//! positive text must give a hit of its rule, each negative text none.

use super::{analyse, kind_of, rules::RULES, Settings};

/// (rule, path, text, positive)
const EXAMPLES: &[(&str, &str, &str, bool)] = &[
    ("config/actions-template-injection", ".github/workflows/ci.yml", "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n", true),
    ("config/actions-template-injection", ".github/workflows/ci.yml", "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n        with:\n          script: |\n            console.log(\"${{ github.event.pull_request.head.ref }}\")\n", true),
    ("config/actions-template-injection", "action.yml", "name: x\ninputs:\n  name: {description: n}\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        echo hello\n        echo ${{ inputs.name }}\n", true),
    ("config/actions-template-injection", ".github/workflows/ci.yml", "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$TITLE\"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n", false),
    ("config/actions-template-injection", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha }} ${{ github.event.issue.number }}\n", false),
    ("config/actions-dangerous-trigger", ".github/workflows/ci.yml", "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n", true),
    ("config/actions-dangerous-trigger", ".github/workflows/ci.yml", "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo done\n", true),
    ("config/actions-dangerous-trigger", ".github/workflows/ci.yml", "on: [push, pull_request]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n", false),
    ("config/actions-unpinned-uses", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n", true),
    ("config/actions-unpinned-uses", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker://alpine:3.20\n", true),
    ("config/actions-unpinned-uses", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: ./.github/actions/local\n", false),
    ("config/actions-excessive-permissions", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", true),
    ("config/actions-excessive-permissions", ".github/workflows/ci.yml", "on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", true),
    ("config/actions-excessive-permissions", ".github/workflows/ci.yml", "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", false),
    ("config/actions-secrets-inherit", ".github/workflows/ci.yml", "on: push\npermissions: {}\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    secrets: inherit\n", true),
    ("config/actions-secrets-inherit", ".github/workflows/ci.yml", "on: push\npermissions: {}\njobs:\n  call:\n    uses: ./.github/workflows/release.yml\n    secrets:\n      TOKEN: ${{ secrets.TOKEN }}\n", false),
    ("config/actions-artipacked", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02\n        with:\n          path: .\n", true),
    ("config/actions-artipacked", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          persist-credentials: false\n", false),
    ("config/actions-unsecure-commands", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n    steps:\n      - run: make\n", true),
    ("config/actions-unsecure-commands", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      CI: true\n    steps:\n      - run: make\n", false),
    ("config/actions-github-env", ".github/workflows/ci.yml", "on: workflow_run\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo \"PR=$PR\" >> \"$GITHUB_ENV\"\n", true),
    ("config/actions-github-env", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo \"PR=$PR\" >> \"$GITHUB_ENV\"\n", false),
    ("config/actions-hardcoded-credentials", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container:\n      image: ghcr.io/org/img@sha256:4f1e6b8c2a7d9e0f3b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a\n      credentials:\n        username: bot\n        password: s3cr3t-literal\n    steps:\n      - run: make\n", true),
    ("config/actions-hardcoded-credentials", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container:\n      image: ghcr.io/org/img@sha256:4f1e6b8c2a7d9e0f3b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a\n      credentials:\n        username: bot\n        password: ${{ secrets.REGISTRY_PASSWORD }}\n    steps:\n      - run: make\n", false),
    ("config/actions-cache-poisoning", ".github/workflows/ci.yml", "on:\n  push:\n    tags: ['v*']\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5\n      - run: goreleaser release\n", true),
    ("config/actions-cache-poisoning", ".github/workflows/ci.yml", "on:\n  push:\n    tags: ['v*']\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5\n        with:\n          cache: false\n", false),
    ("config/actions-cache-poisoning", ".github/workflows/ci.yml", "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5\n", false),
    ("config/actions-self-hosted-runner", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make\n", true),
    ("config/actions-self-hosted-runner", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", false),
    ("config/actions-unpinned-images", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      redis:\n        image: redis\n    steps:\n      - run: make\n", true),
    ("config/actions-unpinned-images", ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    services:\n      redis:\n        image: redis:7.2@sha256:4f1e6b8c2a7d9e0f3b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a\n    steps:\n      - run: make\n", false),
];

#[test]
fn metadata_examples() {
    let settings = Settings::default();
    for (rule, path, text, positive) in EXAMPLES {
        let kind = kind_of(path).expect("example path is a workflow or action");
        let hits = analyse(kind, text, &settings).expect("example parses");
        let found = hits.iter().any(|h| h.rule == *rule);
        assert_eq!(found, *positive, "{rule} on {path}:\n{text}\n{hits:#?}");
    }
}

#[test]
fn every_rule_has_examples() {
    for (rule, _) in RULES {
        let pos = EXAMPLES.iter().any(|e| e.0 == *rule && e.3);
        let neg = EXAMPLES.iter().any(|e| e.0 == *rule && !e.3);
        assert!(pos && neg, "{rule} needs a positive and a negative example");
    }
}
