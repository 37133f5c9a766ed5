package io.pipewright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HCL parser reads the constructs Terraform files use and rejects malformed input with its line and column. */
class HclParserTest {

    @Test
    void readsBlocksAttributesAndExpressions() {
        var file = HclParser.parse("main.tf", """
                # a comment
                terraform {
                  required_version = ">= 1.5.0"
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws" // trailing comment
                      version = ">= 5.0, < 6.0"
                    }
                  }
                }

                /* a block
                   comment */
                locals {
                  names   = [for s in var.subnets : upper(s) if s != ""]
                  by_name = { for k, v in var.tags : k => v... }
                  first   = var.items[0].name
                  all     = var.items[*].id
                  legacy  = aws_instance.web.*.id
                  cond    = var.spot ? "SPOT" : "ON_DEMAND"
                  math    = -var.count * (2 + 3) % 4 >= 1 && !false || null == 1.5e3
                  text    = "${var.name}-%{if var.spot}spot%{else}demand%{endif} $${literal} \\u00e9"
                  doc     = <<-EOT
                    Hello ${var.name}
                    EOT
                  multi = merge(
                    { a = 1, "b" = 2 },
                    { (var.key) : 3 },
                  )
                  empty = {}
                  fn    = provider::terraform::encode_tfvars({})
                }

                resource "aws_instance" "web" {
                  count = 2
                  dynamic "ebs" {
                    for_each = var.disks
                    content {
                      size = ebs.value
                    }
                  }
                  lifecycle { create_before_destroy = true }
                }
                """);
        assertThat(file.body().blocks()).extracting(HclParser.Block::type).containsExactly("terraform", "locals", "resource");
        assertThat(file.body().blocks("resource").get(0).labels()).containsExactly("aws_instance", "web");
        assertThat(file.body().blocks("locals").get(0).body().attributes()).extracting(HclParser.Attribute::name)
                .contains("names", "by_name", "doc", "multi", "fn");
        assertThat(file.variablesRead()).containsExactlyInAnyOrder("subnets", "tags", "items", "spot", "count", "name", "key", "disks");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            a = 1\\nb {\\n  c = 2\\n                                 | bad.tf:4:1: a block opened here is never closed
            a =\\n                                                     | bad.tf:1:4: expected an expression, found the end of the line
            a = "open\\n                                              | bad.tf:1:10: a quoted string cannot span lines (use a heredoc)
            a = 1\\na = 2\\n                                           | bad.tf:2:1: attribute 'a' is set twice in this block
            a = "\\\\q"\\n                                             | bad.tf:1:6: '\\q' is not an escape HCL knows (\\n \\r \\t \\" \\\\ \\uNNNN)
            a = "${var.x\\n                                           | bad.tf:2:1: an interpolation '${' is never closed
            resource "x" "y" {\\n  a = [1, 2\\n}\\n                    | bad.tf:3:1: expected ',' or ']' in the list of line 2, found '}'
            a = 1 b = 2\\n                                             | bad.tf:1:7: expected the end of the line after 'a', found 'b'
            a = { x = 1 y = 2 }\\n                                     | bad.tf:1:13: expected ',', a new line or '}' in the object of line 1, found 'y'
            a = f(1,\\n                                                | bad.tf:2:1: expected an expression, found the end of the file
            a = x ? 1\\n                                               | bad.tf:1:10: expected ':' in the conditional (condition ? true : false), found the end of the line
            a = <<EOT\\nnever closed\\n                                 | bad.tf:3:1: the heredoc is never closed with EOT
            a = "%{if true}x"\\n                                       | bad.tf:1:17: %{if} is never closed with %{endif}
            /* open\\n                                                  | bad.tf:1:1: a comment opened here is never closed
            a = 1 $ 2\\n                                               | bad.tf:1:7: unexpected character '$'
            """)
    void rejectsMalformedInputNamingLineAndColumn(String text, String message) {
        String input = text.strip().replace("\\n", "\n").replace("\\\\", "\\");
        assertThatThrownBy(() -> HclParser.parse("bad.tf", input)).isInstanceOf(HclParser.HclException.class).hasMessage(message);
    }
}
