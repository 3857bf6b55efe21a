# Defaults for the S3 backend. `make tf-init` overrides bucket, region, table and key from
# env/.env.shared and ENV; running `terraform init -backend-config=backend.hcl` by hand uses these.
bucket         = "genonaut-terraform-state"
key            = "envs/dev/terraform.tfstate"
region         = "us-east-1"
dynamodb_table = "genonaut-terraform-state-locks"
encrypt        = true
