output "state_bucket_name" {
  description = "S3 bucket holding Terraform state; pass it to `terraform init -backend-config=bucket=…` of infra/main."
  value       = aws_s3_bucket.tf_state.bucket
}

output "state_bucket_arn" {
  description = "ARN of the state bucket, for IAM policies of the people and CI that deploy."
  value       = aws_s3_bucket.tf_state.arn
}

output "dynamodb_table_name" {
  description = "DynamoDB table used for state locking; pass it as `dynamodb_table` to the backend of infra/main."
  value       = aws_dynamodb_table.tf_lock.name
}

output "dynamodb_table_arn" {
  description = "ARN of the lock table, for IAM policies."
  value       = aws_dynamodb_table.tf_lock.arn
}
