variable "region" {
  description = "AWS region that holds the state bucket and the lock table."
  type        = string
  default     = "us-east-1"
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for Terraform state (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name: 3-63 lower-case letters, digits, dots or hyphens."
  }
}

variable "dynamodb_table_name" {
  description = "Name of the DynamoDB table used for state locking."
  type        = string
  default     = "genonaut-terraform-state-locks"
}

variable "noncurrent_version_retention_days" {
  description = "Days to keep superseded state versions before they expire."
  type        = number
  default     = 90
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the state bucket even when it still holds state. Keep false outside throwaway accounts."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default = {
    Project = "genonaut"
    Env     = "shared"
  }
}

# Overrides for running against an AWS-compatible emulator (tests use moto on loopback).
# Leave them empty for real AWS.
variable "aws_endpoint_url" {
  description = "Custom endpoint for every AWS API this stack calls (an emulator such as moto). Empty means real AWS."
  type        = string
  default     = ""
}

variable "aws_emulator_mode" {
  description = "Skip the credential, account-id and region checks that an emulator cannot answer. Only for tests."
  type        = bool
  default     = false
}
