import { Markdown } from '../../../components/ui/Markdown'

/** ArticleBody is an article's rendered body (see Markdown for what makes it safe). */
export function ArticleBody({ html, testId = 'kb-body' }: { html: string; testId?: string }) {
  return <Markdown html={html} testId={testId} className="kb-body" />
}
