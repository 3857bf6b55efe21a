# Genonaut task runner. `make help` lists the targets.
# Deployment settings come from env/.env.shared (copy env/.env.shared.example); plain
# KEY=value lines, so Make can include the file directly.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

-include env/.env.shared

# ------------------------------------------------------------------ settings
ENV               ?= dev
DEPLOY_AWS_REGION ?= us-east-1
DEPLOY_AWS_PROFILE ?=
DEPLOY_TF_STATE_BUCKET_NAME ?=
DEPLOY_TF_DYNAMO_DB_TABLE ?= genonaut-terraform-state-locks
AUTO_APPROVE      ?=
ARGS              ?=

API_PORT          ?= 8001
COMFYUI_MOCK_PORT ?= 8189
REDIS_PORT        ?= 6379
VITE_PORT         ?= 5173

TF                := terraform
TF_BOOTSTRAP      := $(TF) -chdir=infra/bootstrap
TF_MAIN           := $(TF) -chdir=infra/main
TF_APPROVE        := $(if $(AUTO_APPROVE),-auto-approve,)
TF_ENV_VAR_FILE   := $(wildcard infra/env/$(ENV).tfvars)
TF_MAIN_VARS      := -var env=$(ENV) -var region=$(DEPLOY_AWS_REGION) $(if $(TF_ENV_VAR_FILE),-var-file=../env/$(ENV).tfvars,)
TF_BOOTSTRAP_VARS := -var region=$(DEPLOY_AWS_REGION) -var state_bucket_name=$(DEPLOY_TF_STATE_BUCKET_NAME) -var dynamodb_table_name=$(DEPLOY_TF_DYNAMO_DB_TABLE)
TF_PLAN_FILE      := .terraform/$(ENV).tfplan

# Terraform and the AWS CLI pick the profile up from the environment.
ifneq ($(DEPLOY_AWS_PROFILE),)
export AWS_PROFILE := $(DEPLOY_AWS_PROFILE)
endif
export AWS_REGION := $(DEPLOY_AWS_REGION)

GENONAUT   := node apps/server/bin/genonaut.mjs
PORT_FREE  := scripts/port-free.sh
# With DATABASE_URL set the API runs alone (distributed mode: start worker-dev and redis-dev
# too); without it `serve` runs every role in one process on the embedded database.
API_ROLE    = $(if $(DATABASE_URL),api,serve)

.PHONY: help install start check test docker-build compose-up compose-down infra-test \
        aws-login tf-bootstrap-init tf-bootstrap-apply tf-bootstrap-destroy \
        tf-init tf-plan tf-apply tf-destroy tf-fmt tf-validate tf-console \
        redis-dev api-dev api-demo api-test worker-dev scheduler-dev flower-dev \
        comfyui-mock-dev frontend-dev frontend-build require-deploy-settings

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2 }'
	@echo
	@echo "  Variables: ENV=$(ENV) (dev|test|demo|prod), AUTO_APPROVE=1, API_PORT=$(API_PORT), ARGS=…"

# ------------------------------------------------------------------ project
install: ## Install dependencies from the lock file
	npm ci

start: ## Run everything embedded (npm start)
	@$(PORT_FREE) $(API_PORT) "genonaut (npm start)"
	npm start

check: ## Typecheck, lint and unit tests
	npm run check

test: ## All tests (npm test)
	npm test

infra-test: ## Terraform, compose and Makefile tests only
	npx vitest run --project infra

docker-build: ## Build the project image (genonaut:local)
	docker build -t genonaut:local .

compose-up: ## Run the distributed stack in containers (compose.yaml)
	@$(PORT_FREE) $(API_PORT) "compose api"
	docker compose up --build

compose-down: ## Stop the container stack
	docker compose down

# ------------------------------------------------------------------ local servers
redis-dev: ## Redis for distributed mode on REDIS_PORT (no persistence)
	@$(PORT_FREE) $(REDIS_PORT) redis-dev
	redis-server --port $(REDIS_PORT) --save "" --appendonly no --maxmemory-policy noeviction

api-dev: ## API on API_PORT with ENV_TARGET=local-dev
	@$(PORT_FREE) $(API_PORT) api-dev
	$(GENONAUT) --env-target local-dev --port $(API_PORT) $(API_ROLE) $(ARGS)

api-demo: ## API on API_PORT with ENV_TARGET=local-demo
	@$(PORT_FREE) $(API_PORT) api-demo
	$(GENONAUT) --env-target local-demo --port $(API_PORT) $(API_ROLE) $(ARGS)

api-test: ## API on API_PORT with ENV_TARGET=local-test
	@$(PORT_FREE) $(API_PORT) api-test
	$(GENONAUT) --env-target local-test --port $(API_PORT) $(API_ROLE) $(ARGS)

worker-dev: ## Generation worker (distributed mode: needs DATABASE_URL and REDIS_URL)
	$(GENONAUT) --env-target local-dev worker $(ARGS)

scheduler-dev: ## Scheduler for periodic jobs (distributed mode)
	$(GENONAUT) --env-target local-dev scheduler $(ARGS)

flower-dev: ## Queue dashboard (Flower's role): served by the API at /admin/queues
	@url="http://127.0.0.1:$(API_PORT)/admin/queues"; \
	echo "Queue dashboard: $$url"; \
	if ! curl -fsS -o /dev/null --max-time 3 "$$url"; then \
	  echo "The API does not answer on port $(API_PORT): start it with 'make api-dev' first." >&2; exit 1; \
	fi; \
	if command -v xdg-open >/dev/null 2>&1 && [ -n "$${DISPLAY:-}" ]; then xdg-open "$$url"; fi

comfyui-mock-dev: ## Mock ComfyUI on COMFYUI_MOCK_PORT
	@$(PORT_FREE) $(COMFYUI_MOCK_PORT) comfyui-mock-dev
	node --import tsx apps/comfyui-mock/src/main.ts --port $(COMFYUI_MOCK_PORT) $(ARGS)

frontend-dev: ## Vite dev server on VITE_PORT
	@$(PORT_FREE) $(VITE_PORT) frontend-dev
	npm run dev -w apps/web -- --port $(VITE_PORT) --strictPort

frontend-build: ## Production build of the web app
	npm run build -w apps/web

# ------------------------------------------------------------------ AWS / Terraform
require-deploy-settings:
	@missing=""; \
	for v in DEPLOY_AWS_REGION DEPLOY_TF_STATE_BUCKET_NAME DEPLOY_TF_DYNAMO_DB_TABLE; do \
	  [ -n "$$(eval echo \$${$$v:-})" ] || missing="$$missing $$v"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing:$$missing. Set them in env/.env.shared (see env/.env.shared.example)." >&2; exit 1; \
	fi
export DEPLOY_AWS_REGION DEPLOY_TF_STATE_BUCKET_NAME DEPLOY_TF_DYNAMO_DB_TABLE

aws-login: ## AWS SSO login with DEPLOY_AWS_PROFILE, then show who you are
	@[ -n "$(DEPLOY_AWS_PROFILE)" ] || { echo "Set DEPLOY_AWS_PROFILE in env/.env.shared." >&2; exit 1; }
	aws sso login --profile $(DEPLOY_AWS_PROFILE)
	aws sts get-caller-identity --profile $(DEPLOY_AWS_PROFILE)

tf-bootstrap-init: ## Init the state-bucket stack (local state in infra/bootstrap)
	$(TF_BOOTSTRAP) init

tf-bootstrap-apply: require-deploy-settings ## Create the state bucket and lock table
	$(TF_BOOTSTRAP) apply $(TF_BOOTSTRAP_VARS) $(TF_APPROVE)

tf-bootstrap-destroy: require-deploy-settings ## Delete the state bucket and lock table
	$(TF_BOOTSTRAP) destroy $(TF_BOOTSTRAP_VARS) $(TF_APPROVE)

tf-init: require-deploy-settings ## Init infra/main for ENV against the S3 backend
	$(TF_MAIN) init -reconfigure -input=false \
	  -backend-config=backend.hcl \
	  -backend-config=bucket=$(DEPLOY_TF_STATE_BUCKET_NAME) \
	  -backend-config=key=envs/$(ENV)/terraform.tfstate \
	  -backend-config=region=$(DEPLOY_AWS_REGION) \
	  -backend-config=dynamodb_table=$(DEPLOY_TF_DYNAMO_DB_TABLE)

tf-plan: ## Plan ENV into infra/main/.terraform/ENV.tfplan
	$(TF_MAIN) plan $(TF_MAIN_VARS) -out=$(TF_PLAN_FILE) $(ARGS)

tf-apply: ## Apply the saved plan of ENV (or plan and apply when there is none)
	@if [ -f infra/main/$(TF_PLAN_FILE) ]; then \
	  $(TF_MAIN) apply $(TF_PLAN_FILE) && rm -f infra/main/$(TF_PLAN_FILE); \
	else \
	  $(TF_MAIN) apply $(TF_MAIN_VARS) $(TF_APPROVE) $(ARGS); \
	fi

tf-destroy: ## Destroy ENV
	$(TF_MAIN) destroy $(TF_MAIN_VARS) $(TF_APPROVE) $(ARGS)

tf-fmt: ## Format every Terraform file
	$(TF) fmt -recursive infra

tf-validate: ## Check formatting and validate both stacks (no backend, no AWS calls)
	$(TF) fmt -recursive -check infra
	$(TF_BOOTSTRAP) init -backend=false -input=false >/dev/null
	$(TF_BOOTSTRAP) validate
	$(TF_MAIN) init -backend=false -input=false >/dev/null
	$(TF_MAIN) validate

tf-console: ## Terraform console on infra/main for ENV
	$(TF_MAIN) console $(TF_MAIN_VARS)
