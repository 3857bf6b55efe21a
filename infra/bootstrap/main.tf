provider "aws" {
  region = var.region

  skip_credentials_validation = var.aws_emulator_mode
  skip_requesting_account_id  = var.aws_emulator_mode
  skip_region_validation      = var.aws_emulator_mode
  skip_metadata_api_check     = var.aws_emulator_mode
  s3_use_path_style           = var.aws_emulator_mode
  # The emulator serves TLS with a self-signed certificate (TLS so that the buckets'
  # deny-insecure-transport policies hold there as they do on AWS).
  insecure = var.aws_emulator_mode

  dynamic "endpoints" {
    for_each = var.aws_endpoint_url == "" ? [] : [var.aws_endpoint_url]
    content {
      s3       = endpoints.value
      dynamodb = endpoints.value
      sts      = endpoints.value
      iam      = endpoints.value
    }
  }

  default_tags {
    tags = var.tags
  }
}

resource "aws_s3_bucket" "tf_state" {
  bucket        = var.state_bucket_name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "tf_state" {
  bucket                  = aws_s3_bucket.tf_state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "tf_state" {
  bucket = aws_s3_bucket.tf_state.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "tf_state" {
  bucket = aws_s3_bucket.tf_state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tf_state" {
  bucket = aws_s3_bucket.tf_state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "tf_state" {
  bucket = aws_s3_bucket.tf_state.id

  rule {
    id     = "expire-superseded-state"
    status = "Enabled"
    # An explicit empty prefix (every object) rather than `filter {}`: S3 reports it back in
    # this form, so the provider sees the rule it wrote and does not wait for it to settle.
    filter {
      prefix = ""
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.tf_state]
}

# State must only ever travel over TLS.
data "aws_iam_policy_document" "tf_state_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.tf_state.arn,
      "${aws_s3_bucket.tf_state.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tf_state" {
  # moto cannot evaluate aws:SecureTransport (it denies every request under this policy),
  # so the emulator runs without it; on AWS it is always applied.
  count = var.aws_emulator_mode ? 0 : 1

  bucket = aws_s3_bucket.tf_state.id
  policy = data.aws_iam_policy_document.tf_state_tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.tf_state]
}

resource "aws_dynamodb_table" "tf_lock" {
  name         = var.dynamodb_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"

  attribute {
    name = "LockID"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
