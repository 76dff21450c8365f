# Handreiking IHH — the README's commands. `make site` builds everything, `make test` tests everything.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1
STAMP := $(VENV)/.stamp-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
NPM_STAMP := node_modules/.stamp-$(shell cat package.json package-lock.json | sha1sum | cut -c1-12)

.PHONY: site test test-quick serve check open leesbaarheid vertaald bench release publish clean venv sysdeps sysdeps-test regels regel

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]' 2> >(grep -v 'is ignored: it is neither' >&2)
	@rm -f $(VENV)/.stamp-* && touch $@

$(NPM_STAMP): package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(STAMP)

sysdeps:
	@scripts/ensure-system-deps.sh build

sysdeps-test:
	@scripts/ensure-system-deps.sh test

## site: check all data, then build the whole site (nl + en, downloads, PDFs) into site/ atomically
site: $(STAMP) sysdeps
	@$(BIN)/handreiking build

## check: the editors' validation (errors with file and line; open points)
check: $(STAMP)
	@$(BIN)/handreiking check

## open: the check, with every open point listed
open: $(STAMP)
	@$(BIN)/handreiking check --open

## leesbaarheid: the check, with words per sentence and long words per page
leesbaarheid: $(STAMP)
	@$(BIN)/handreiking check --leesbaarheid

## vertaald: mark English pages or YAML texts as translated from the current Dutch text
##           (make vertaald PAD=docs/x.en.md or PAD=checklists/x.yml [REDEN="alleen een tikfout"])
vertaald: $(STAMP)
	@test -n "$(PAD)" || { echo "Geef de Engelse pagina op, bijvoorbeeld: make vertaald PAD=docs/over.en.md" >&2; exit 1; }
	@$(BIN)/handreiking vertaald $(PAD) $(if $(REDEN),--reden "$(REDEN)")

## regels: every rule of data/regels/ with where it is shown (make regels JSON=1 for JSON)
regels: $(STAMP)
	@$(BIN)/handreiking regels $(if $(JSON),--json)

## regel: one rule: text, sources, every place that shows it, prose that restates it (make regel ID=...)
regel: $(STAMP)
	@test -n "$(ID)" || { echo "Geef een regel op, bijvoorbeeld: make regel ID=zakelijke-berichten-niet-verwijderen" >&2; exit 1; }
	@$(BIN)/handreiking regel "$(ID)"

## serve: live preview for editors on http://127.0.0.1:8000 (reloads on Markdown and YAML edits)
serve: $(STAMP) sysdeps
	@HANDREIKING_SERVE=1 $(BIN)/mkdocs serve --livereload -a 127.0.0.1:8000

## test: build the site, then run every test (unit, corpus, adapter, site, PDF, browser, slow builds)
test: $(STAMP) $(NPM_STAMP) sysdeps-test site
	@$(BIN)/pytest -p no:cacheprovider

## test-quick: unit + corpus + adapter tests; no site build, no browser, no project-copy builds
##             (about 80 s on 2 cores; needs only the build's system packages)
test-quick: $(STAMP) sysdeps
	@$(BIN)/pytest -p no:cacheprovider -m "not browser and not site and not slow"

## bench: build-time and size benchmarks (printed as a table)
bench: $(STAMP) $(NPM_STAMP) sysdeps
	@$(PY) benchmarks/bench.py

## release: publish the current sources as policy version VERSION on the local branch site-versies
##          and move the alias 'actueel' to it (make release VERSION=2024.2 [ALIAS=actueel]). No push.
ALIAS ?= actueel
release: $(STAMP) sysdeps
	@test -n "$(VERSION)" || { echo "Geef een versie op, bijvoorbeeld: make release VERSION=2026.1 (de versie met status concept in data/versions.yml)" >&2; exit 1; }
	@$(BIN)/handreiking release "$(VERSION)" --alias "$(ALIAS)"

## publish: export every released, non-withdrawn version into public/ for any static host; a version
##          missing from the local branch is rebuilt from its recorded commit (REBUILD=1: all of them).
##          Refused while data/site.yml has no publisher, contact or site_url; PREVIEW=1 exports a
##          preview instead (noindex on every page, robots.txt disallows everything)
publish: $(STAMP)
	@$(BIN)/handreiking publish --map public $(if $(REBUILD),--herbouw) $(if $(PREVIEW),--voorbeeld)

clean:
	rm -rf site .build
