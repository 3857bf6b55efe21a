data "aws_caller_identity" "current" {}

locals {
  images_bucket_name = var.images_bucket_name != "" ? var.images_bucket_name : "${local.name}-images-${data.aws_caller_identity.current.account_id}"
}

# Generated images and backups (`genonaut db backup` output); private, encrypted, TLS only.
resource "aws_s3_bucket" "images" {
  bucket        = local.images_bucket_name
  force_destroy = var.images_bucket_force_destroy
}

resource "aws_s3_bucket_public_access_block" "images" {
  bucket                  = aws_s3_bucket.images.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "images" {
  bucket = aws_s3_bucket.images.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "images" {
  bucket = aws_s3_bucket.images.id
  versioning_configuration {
    status = local.is_prod ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "images" {
  bucket = aws_s3_bucket.images.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "images_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.images.arn,
      "${aws_s3_bucket.images.arn}/*",
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

resource "aws_s3_bucket_policy" "images" {
  # moto cannot evaluate aws:SecureTransport (it denies every request under this policy),
  # so the emulator runs without it; on AWS it is always applied.
  count = var.aws_emulator_mode ? 0 : 1

  bucket = aws_s3_bucket.images.id
  policy = data.aws_iam_policy_document.images_tls_only.json

  depends_on = [aws_s3_bucket_public_access_block.images]
}
