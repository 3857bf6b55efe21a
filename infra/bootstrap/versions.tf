terraform {
  # 1.11 is the first release with write-only arguments, which infra/main uses for secrets;
  # keeping both stacks on the same floor means one Terraform install serves both.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.90.0, < 6.0.0"
    }
  }
}
