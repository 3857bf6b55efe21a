terraform {
  # 1.11+: write-only arguments keep generated secrets out of the state file.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.90.0, < 6.0.0"
    }
  }

  # Filled at init time: `terraform init -backend-config=backend.hcl` (defaults) plus the
  # per-environment values the Makefile passes (bucket, key, region, dynamodb_table).
  backend "s3" {}
}
