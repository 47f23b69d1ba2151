# Ratebook: the two commands of the README, and the pieces they are made of.
#   make run   builds and opens the app on the demo workbook (under Xvfb without a display)
#   make test  runs every check and test, installing what is missing first
SHELL := /bin/bash
RATEBOOK_CACHE ?= $(HOME)/.cache/ratebook
# The build cache lives outside the clone so that CI runs on fresh clones reuse it.
export CARGO_TARGET_DIR ?= $(RATEBOOK_CACHE)/target
export RATEBOOK_CACHE
export PATH := $(HOME)/.cargo/bin:$(PATH)
TAURI := ui/node_modules/.bin/tauri

.PHONY: run test e2e setup app ui bindings

setup:
	@bash scripts/setup-system.sh
	@bash scripts/setup-node.sh
	@bash scripts/setup-tauri-driver.sh
	@bash scripts/setup-python.sh

ui:
	cd ui && npm run -s build

# The app binary used by `run` and the end-to-end tests. A plain `cargo build` would lack
# tauri's custom-protocol feature and load the dev server instead of the built UI.
app: ui
	$(TAURI) build --debug --no-bundle

bindings:
	cargo run -q -p ratebook-bindings

run: setup app
	@bash scripts/run-app.sh

test: setup
	@bash scripts/test.sh

e2e: setup app
	@bash scripts/test.sh e2e
